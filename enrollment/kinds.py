"""Kinds of enrollment submission, registered with the workflow kernel from ``EnrollmentConfig.ready()``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reviews.registry import Kind, register

from . import services
from .forms import UnitOpeningForm
from .models import UnitOpeningLine


def _validate_unit_opening(submission):
    line = UnitOpeningLine.objects.filter(submission=submission).first()
    if line is None:
        raise ValidationError(_("请先填写并保存单位参保登记信息。"))
    if not line.insurance_types:
        raise ValidationError(_("请至少选择一个参保险种。"))


UNIT_OPENING = register(Kind(
    code="unit_opening",
    label=_("单位参保登记"),
    hall="unit",
    apply=lambda submission: services.unit_open(submission=submission),
    line_model=UnitOpeningLine,
    form_class=UnitOpeningForm,
    summary_template="reviews/kinds/default_summary.html",
    description=_("填写单位基本信息并选择参保险种,保存后提交审批。审核通过后单位获得单位编号,方可办理人员参保等业务。"),
    may_start=lambda unit: not unit.is_opened,
    single_open=True,
    menu_query=True,
    validate=_validate_unit_opening,
))
