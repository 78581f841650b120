"""PDF rendering with WeasyPrint from a Django template; one font configuration, a CJK font required."""

import functools
import subprocess

from django.template.loader import render_to_string

CJK_FONT_FAMILIES = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC"]


@functools.cache
def cjk_font_available() -> bool:
    """True when fontconfig knows a font that covers Simplified Chinese."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``templates/pdf/...`` to PDF bytes."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template_name, context)
    fonts = FontConfiguration()
    families = ", ".join(f'"{f}"' for f in CJK_FONT_FAMILIES)
    css = CSS(string=f"@page {{ size: A4; margin: 18mm 16mm; }} body {{ font-family: {families}, sans-serif; }}",
              font_config=fonts)
    return HTML(string=html).write_pdf(stylesheets=[css], font_config=fonts)
