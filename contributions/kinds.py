"""Kinds of contributions submission and the contributions pages of the unit hall's menu, registered with the
workflow kernel from ``ContributionsConfig.ready()``.

单位应收核定 is a single-line kind on the kernel's generic form: its summary template shows the month's preview
(who is charged, how much, who is excluded and why) until it is approved, then what the run wrote.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.registry import HallLink, Kind, register, register_link
from reviews.services import TransitionRefused

from .declaration.imports import WAGE_IMPORT
from .declaration.lines import wage_bases_apply, wage_lines
from .forms import AssessmentForm
from .models import AssessmentLine
from .services.assessment import assessment_preview, assessment_run, fee_month_validate
from .services.compute import ContributionError

UNIT_ASSESSMENT = "unit_assessment"
WAGE_DECLARATION = "wage_declaration"


def _opened(unit) -> bool:
    return unit.is_opened


def _validate_assessment(submission) -> None:
    """Before submit: the month is still assessable, the configuration prices it, and someone is charged."""
    line = AssessmentLine.objects.filter(submission=submission).first()
    if line is None:
        raise ValidationError(_("请先填写并保存费款所属期和核定原因。"))
    fee_month_validate(unit=submission.unit, value=line.fee_month)
    try:
        preview = assessment_preview(unit=submission.unit, fee_month=line.fee_month, with_names=False)
    except ContributionError as exc:
        raise ValidationError(str(exc)) from exc
    if not preview.charged:
        raise ValidationError(_("费款所属期%(month)s本单位没有应缴费人员,无需核定。") % {"month": line.fee_month})


def _apply_assessment(submission) -> None:
    """On approval: write the month's receivables (replacing unpaid lines; paid lines stay as they are)."""
    line = AssessmentLine.objects.get(submission=submission)
    try:
        assessment_run(unit=submission.unit, fee_month=line.fee_month,
                       by=submission.reviewer or submission.submitter, submission=submission)
    except ContributionError as exc:  # the configuration changed since submit: refuse, nothing is written
        raise TransitionRefused(str(exc)) from exc


ASSESSMENT = register(Kind(
    code=UNIT_ASSESSMENT,
    label=gettext_lazy("单位应收核定"),
    hall="unit",
    apply=_apply_assessment,
    line_model=AssessmentLine,
    form_class=AssessmentForm,
    summary_template="contributions/kinds/assessment_summary.html",
    description=gettext_lazy(
        "选择费款所属期和核定原因并保存,页面列出本月应收预览(缴费人员、缴费基数、各险种单位和个人应缴金额,"
        "以及不核定的人员和原因),核对无误后提交审批。审核通过后生成该月应收;同一月份再次核定替换未缴的应收,已缴的不变。"),
    may_start=_opened,
    menu_query=True,
    validate=_validate_assessment,
    vip_auto_approval=True,
))

WAGES = register(Kind(
    code=WAGE_DECLARATION,
    label=gettext_lazy("缴费基数申报"),
    hall="unit",
    apply=wage_bases_apply,
    lines=wage_lines(imports=(WAGE_IMPORT,)),
    summary_template="contributions/declaration/summary.html",
    description=gettext_lazy(
        "年度缴费工资申报:选择生效年月,在本单位参保缴费人员名单中填写本次缴费工资并保存;页面按缴费基数上下限显示"
        "每人的缴费基数和每月单位、个人缴费变化及合计,核对无误后提交审批。未申报的人员沿用原缴费基数。"),
    may_start=_opened,
    vip_auto_approval=True,
))

register_link(HallLink(hall="unit", label=gettext_lazy("应收查询"), url_name="unit:receivables",
                       visible=_opened))
