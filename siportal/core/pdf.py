"""PDF rendering with WeasyPrint from a Django template; one font configuration, a CJK font shipped with the code.

The Chinese font comes from the ``pylopdf-fonts-zh-cn`` package (Noto Sans SC / Noto Serif SC, OFL) and is loaded
by ``@font-face`` from its installed file, so a fresh machine prints Chinese without installing a font. A system
CJK font found by fontconfig is only the fallback (the start-up check warns when neither is there).
"""

import functools
import subprocess
from pathlib import Path

from django.template.loader import render_to_string

PDF_FONT_FAMILY = "SIPortal Noto Sans SC"  # a name no system font has: the packaged file is used
SYSTEM_CJK_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Noto Serif CJK SC"]


@functools.cache
def packaged_cjk_font() -> Path | None:
    """The Noto Sans SC file of ``pylopdf-fonts-zh-cn``, or None when the package or its file is missing."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


@functools.cache
def system_cjk_font_available() -> bool:
    """True when fontconfig knows a font that covers Simplified Chinese."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


def cjk_font_available() -> bool:
    return packaged_cjk_font() is not None or system_cjk_font_available()


def _stylesheet() -> str:
    font = packaged_cjk_font()
    families = ", ".join(f'"{f}"' for f in SYSTEM_CJK_FAMILIES)
    face = ""
    if font is not None:
        face = f'@font-face {{ font-family: "{PDF_FONT_FAMILY}"; src: url("{font.as_uri()}"); }} '
        families = f'"{PDF_FONT_FAMILY}", {families}'
    return f"{face}@page {{ size: A4; margin: 18mm 16mm; }} body {{ font-family: {families}, sans-serif; }}"


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``templates/pdf/...`` to PDF bytes."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template_name, context)
    fonts = FontConfiguration()
    css = CSS(string=_stylesheet(), font_config=fonts)
    return HTML(string=html).write_pdf(stylesheets=[css], font_config=fonts)
