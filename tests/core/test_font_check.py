"""The start-up check: quiet with the packaged font, a Chinese warning only when no CJK font is found at all."""

from siportal.core import checks, pdf


def test_no_warning_with_the_packaged_font():
    assert pdf.packaged_cjk_font() is not None
    assert checks.cjk_font_check(None) == []


def test_warning_in_chinese_when_no_font_at_all(monkeypatch):
    monkeypatch.setattr(pdf, "packaged_cjk_font", lambda: None)
    monkeypatch.setattr(pdf, "system_cjk_font_available", lambda: False)
    [warning] = checks.cjk_font_check(None)
    assert "找不到中文字体" in warning.msg and "pylopdf-fonts-zh-cn" in warning.hint
