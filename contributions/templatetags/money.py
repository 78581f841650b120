"""Number display of the contributions pages: rates without trailing zeros, money with two decimals."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def rate(value) -> str:
    """16.0000 → "16", 0.7500 → "0.75"."""
    if value is None or value == "":
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


@register.filter
def yuan(value) -> str:
    """A money amount with two decimals and thousands separators: 1234.5 → "1,234.50"."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).quantize(Decimal('0.01')):,}"


@register.filter
def as_percent(value) -> str:
    """A fraction as a percentage without trailing zeros: 0.0005 → "0.05"."""
    if value is None or value == "":
        return ""
    return format((Decimal(value) * 100).normalize(), "f")


@register.filter
def add_money(value, other):
    """The sum of two amounts (Django's ``add`` works on integers only)."""
    return Decimal(value or 0) + Decimal(other or 0)
