"""Kinds of enrollment submission, registered with the workflow kernel from ``EnrollmentConfig.ready()``.

Registration order is menu order. The staff kinds with several lines declare them (``lines=``, from
``enrollment.lines``, with their Excel imports) and run on the kernel's draft pages; ``start_view`` / ``edit_view``
keep the addresses users have. 死亡终止缴费 and 单位信息变更 are single-line kinds on the kernel's generic form.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reviews.registry import HallLink, Kind, register, register_link

from . import imports, lines, services
from .forms import DeathForm, UnitChangeForm, UnitOpeningForm
from .models import DeathLine, IdentityClaimLine, KindCode, UnitChangeLine, UnitOpeningLine


def _validate_unit_opening(submission):
    line = UnitOpeningLine.objects.filter(submission=submission).first()
    if line is None:
        raise ValidationError(_("请先填写并保存单位参保登记信息。"))
    if not line.insurance_types:
        raise ValidationError(_("请至少选择一个参保险种。"))


def _validate_death(submission):
    from .rules import death_errors

    line = DeathLine.objects.filter(submission=submission).select_related("person").first()
    if line is None:
        raise ValidationError(_("请先填写并保存死亡人员信息。"))
    errors = death_errors(person=line.person, death_date=line.death_date, unit=submission.unit)
    if errors:
        raise ValidationError([message for _field, message in errors])


def _validate_unit_change(submission):
    line = UnitChangeLine.objects.filter(submission=submission).first()
    if line is None:
        raise ValidationError(_("请先填写并保存变更信息。"))
    current = services.unit_current_values(submission.unit)
    if all(getattr(line, name) == value for name, value in current.items()):
        raise ValidationError(_("没有变更任何信息。"))


def _validate_identity_claim(submission):
    if not IdentityClaimLine.objects.filter(submission=submission).exists():
        raise ValidationError(_("请先填写姓名并上传身份证照片。"))


def _opened(unit) -> bool:
    return unit.is_opened


UNIT_OPENING = register(Kind(
    code=KindCode.UNIT_OPENING,
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

STAFF_ENROL = register(Kind(
    code=KindCode.STAFF_ENROL,
    label=_("职工新参保登记"),
    hall="unit",
    apply=lambda submission: services.membership_enrol(submission=submission),
    start_view="unit:enrol_new",
    edit_view="unit:enrol_edit",
    summary_template="enrollment/kinds/join_summary.html",
    description=_("首次参保、人员库中没有的职工:可录入多人,全部录入后一次提交审批。"),
    may_start=_opened,
    lines=lines.enrol_lines(imports=(imports.STAFF_ENROL_IMPORT,)),
    vip_auto_approval=True,
))

STAFF_ADD = register(Kind(
    code=KindCode.STAFF_ADD,
    label=_("增员"),
    hall="unit",
    apply=lambda submission: services.membership_enrol(submission=submission),
    start_view="unit:add_new",
    edit_view="unit:add_edit",
    summary_template="enrollment/kinds/join_summary.html",
    description=_("曾经参保、人员库中已有的职工:按证件号码查找后加入本单位。"),
    may_start=_opened,
    lines=lines.add_lines(imports=(imports.STAFF_ADD_IMPORT,)),
    vip_auto_approval=True,
))

STAFF_STOP = register(Kind(
    code=KindCode.STAFF_STOP,
    label=_("减员(停保)"),
    hall="unit",
    apply=lambda submission: services.membership_stop(submission=submission),
    start_view="unit:stop_new",
    edit_view="unit:stop_edit",
    summary_template="enrollment/kinds/stop_summary.html",
    description=_("从参保人员中选择离职、退休等人员,填写原因和停保年月。"),
    may_start=_opened,
    lines=lines.stop_lines(imports=(imports.STAFF_STOP_IMPORT,)),
    vip_auto_approval=True,
))

STAFF_RESUME = register(Kind(
    code=KindCode.STAFF_RESUME,
    label=_("续保"),
    hall="unit",
    apply=lambda submission: services.membership_resume(submission=submission),
    start_view="unit:resume_new",
    edit_view="unit:resume_edit",
    summary_template="enrollment/kinds/resume_summary.html",
    description=_("为本单位暂停缴费的人员恢复缴费。"),
    may_start=_opened,
    lines=lines.resume_lines(),
    vip_auto_approval=True,
))

STAFF_DEATH = register(Kind(
    code=KindCode.STAFF_DEATH,
    label=_("死亡终止缴费"),
    hall="unit",
    apply=lambda submission: services.membership_terminate_on_death(submission=submission),
    line_model=DeathLine,
    form_class=DeathForm,
    summary_template="enrollment/kinds/death_summary.html",
    description=_("按证件号码办理本单位参保人员的死亡终止缴费。"),
    may_start=_opened,
    validate=_validate_death,
))

UNIT_CHANGE = register(Kind(
    code=KindCode.UNIT_CHANGE,
    label=_("单位信息变更"),
    hall="unit",
    apply=lambda submission: services.unit_info_change(submission=submission),
    line_model=UnitChangeLine,
    form_class=UnitChangeForm,
    summary_template="enrollment/kinds/unit_change_summary.html",
    description=_("变更单位地址、联系人、开户银行、所属行业等信息,审核通过后生效。"),
    may_start=_opened,
    single_open=True,
    menu_query=True,
    validate=_validate_unit_change,
))



def _without_confirmed_account(person) -> bool:
    """A photo request is filed from 个人注册 only: never offered to a person whose account is confirmed."""
    return not person.users.filter(is_active=True, identity_pending=False).exists()


IDENTITY_CLAIM = register(Kind(
    code=KindCode.IDENTITY_CLAIM,
    label=_("个人注册身份审核"),
    hall="person",
    apply=lambda submission: services.identity_claim_apply(submission=submission),
    line_model=IdentityClaimLine,
    summary_template="enrollment/kinds/identity_claim_summary.html",
    description=_("登记的手机已不用或未登记手机的人员,上传身份证照片申请注册个人账号,经办机构核对后开通。"),
    start_view="accounts:register_person_claim",  # filed before the person has an account (anonymous)
    may_start=_without_confirmed_account,
    single_open=False,
    validate=_validate_identity_claim,
))

register_link(HallLink(hall="unit", label=_("参保人员"), url_name="unit:members", visible=lambda unit: unit.is_opened))
