"""The summary of a 缴费基数申报: its totals and the staff who were not declared (they keep their base)."""

from django import template

from ..declaration.entry import totals, undeclared

register = template.Library()

SHOWN = 50


@register.simple_tag
def wage_summary(submission) -> dict:
    """Totals of the lines (one query), and the undeclared staff: their count and the first ``SHOWN``."""
    rest = undeclared(submission)
    return {"totals": totals(submission), "undeclared_count": rest.count(), "undeclared": list(rest[:SHOWN])}
