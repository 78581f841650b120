"""Template filters of the portal: masking of personal data and "yyyyMM" months."""

from django import template
from django.utils.translation import gettext as _

from siportal.core import masking

register = template.Library()

register.filter("mask_id", masking.mask_id)
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_name", masking.mask_name)


@register.filter
def month(value) -> str:
    """Render "202405" (or 202405) as "2024年05月"; anything else is shown unchanged."""
    text = "" if value is None else str(value).strip()
    if len(text) != 6 or not text.isdigit():
        return text
    return _("%(year)s年%(month)s月") % {"year": text[:4], "month": text[4:]}
