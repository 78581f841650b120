"""Template helpers of enrollment pages and summaries: a submission's lines, status colours, change rows."""

from django import template

from siportal.core.codes import PaymentStatus

from ..models import UNIT_CHANGE_FIELDS, UnitChangeLine
from ..services import unit_current_values

register = template.Library()

STATUS_CLASSES = {PaymentStatus.PAYING: "text-bg-success", PaymentStatus.SUSPENDED: "text-bg-warning",
                  PaymentStatus.TERMINATED: "text-bg-secondary"}


@register.filter
def status_class(status) -> str:
    return STATUS_CLASSES.get(status, "text-bg-light")


@register.simple_tag
def unit_change_rows(submission, line):
    """(label, old, new, changed) per field of a 单位信息变更: the replaced values once applied, else current."""
    if line is None:
        return []
    old = line.old_values if line.applied_at else unit_current_values(submission.unit)
    rows = []
    for name, _where in UNIT_CHANGE_FIELDS:
        field = UnitChangeLine._meta.get_field(name)
        new = getattr(line, name)
        before = old.get(name)
        show = dict(field.choices) if field.choices else {}
        rows.append({"label": field.verbose_name, "old": show.get(before, before), "new": show.get(new, new),
                     "changed": before != new})
    return rows


@register.filter
def type_short(code) -> str:
    """养老 for "110": the short name of an insurance type for table headers."""
    from siportal.core.codes import INSURANCE_SHORT_LABELS

    return str(INSURANCE_SHORT_LABELS.get(str(code), code))


@register.filter
def types_short(codes) -> str:
    """"养老、医疗" for ["110", "310"]."""
    return "、".join(type_short(code) for code in codes or [])
