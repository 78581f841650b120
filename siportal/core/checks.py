"""System checks run at start-up: a CJK font for PDFs, and no demo accounts outside demo mode."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from .pdf import cjk_font_available


@register()
def cjk_font_check(app_configs, **kwargs):
    if cjk_font_available():
        return []
    return [
        Warning(
            "找不到中文字体:承诺书、注册信息打印单等 PDF 中的汉字将显示为空白方框。",
            hint="请重新安装依赖(pip install -e .,含 pylopdf-fonts-zh-cn 字体包),"
                 "或安装系统中文字体(Debian:apt-get install fonts-noto-cjk)。",
            id="siportal.W001",
        )
    ]


@register(deploy=True)
def demo_accounts_check(app_configs, **kwargs):
    if settings.DEMO_MODE:
        return []
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError

    try:
        has_demo = get_user_model().objects.filter(is_demo=True, is_active=True).exists()
    except DatabaseError:
        return []
    if has_demo:
        return [Error("Demo accounts exist but DEMO_MODE is off.", hint="Delete or disable them.", id="siportal.E001")]
    return []
