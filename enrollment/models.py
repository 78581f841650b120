"""Insured relations (参保关系) of persons in units, their history, the unit's registration profile, and the line
models of the enrollment kinds (单位参保登记, 职工新参保登记, 增员, 减员, 续保, 死亡终止缴费, 单位信息变更)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Person, Unit
from reviews.models import Submission
from siportal.core.codes import (
    TERMINATING_STOP_REASONS,
    EmploymentForm,
    Ethnicity,
    HukouType,
    IdType,
    InsuranceType,
    PaymentStatus,
    ResumeReason,
    StopReason,
)


class KindCode:
    """Codes of the enrollment kinds of submission (registered in ``enrollment.kinds``)."""

    UNIT_OPENING = "unit_opening"
    UNIT_CHANGE = "unit_change"
    STAFF_ENROL = "staff_enrol"
    STAFF_ADD = "staff_add"
    STAFF_STOP = "staff_stop"
    STAFF_RESUME = "staff_resume"
    STAFF_DEATH = "staff_death"
    IDENTITY_CLAIM = "identity_claim"


class EconomicType(models.TextChoices):
    STATE_OWNED = "110", _("国有企业")
    COLLECTIVE = "120", _("集体企业")
    LIMITED = "159", _("有限责任公司")
    JOINT_STOCK = "160", _("股份有限公司")
    PRIVATE = "171", _("私营企业")
    FOREIGN = "300", _("外商投资企业")
    INDIVIDUAL = "410", _("个体工商户")
    INSTITUTION = "500", _("事业单位")
    OTHER = "900", _("其他")


class UnitOpeningLine(models.Model):
    """The content of a 单位参保登记 submission: the unit's basic information and insurance types."""

    submission = models.OneToOneField(Submission, primary_key=True, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(_("单位地址"), max_length=200)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    legal_rep = models.CharField(_("法定代表人"), max_length=50)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    economic_type = models.CharField(_("经济类型"), max_length=3, choices=EconomicType.choices)
    industry = models.CharField(_("所属行业"), max_length=50)
    injury_class = models.PositiveSmallIntegerField(_("工伤行业风险类别"), choices=[(i, f"{i}类") for i in range(1, 9)])
    bank_name = models.CharField(_("开户银行"), max_length=100)
    bank_account = models.CharField(_("银行账号"), max_length=40)
    insurance_types = models.JSONField(_("参保险种"), default=list)

    class Meta:
        verbose_name = _("单位参保登记信息")
        verbose_name_plural = _("单位参保登记信息")

    def __str__(self):
        return str(self.submission_id)

    def insurance_type_labels(self) -> str:
        return "、".join(str(InsuranceType(code).label) for code in self.insurance_types)

    @property
    def summary_fields(self):
        return [
            (_("单位名称"), self.submission.unit.name),
            (_("统一社会信用代码"), self.submission.unit.uscc),
            (_("单位地址"), self.address),
            (_("邮政编码"), self.postal_code),
            (_("法定代表人"), self.legal_rep),
            (_("联系人"), self.contact_name),
            (_("联系电话"), self.contact_phone),
            (_("经济类型"), self.get_economic_type_display()),
            (_("所属行业"), self.industry),
            (_("工伤行业风险类别"), self.get_injury_class_display()),
            (_("开户银行"), self.bank_name),
            (_("银行账号"), self.bank_account),
            (_("参保险种"), self.insurance_type_labels()),
        ]


class UnitInsurance(models.Model):
    """An insurance type a unit is opened for (单位参保险种), from the month it was opened."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="insurances")
    insurance_type = models.CharField(_("险种"), max_length=3, choices=InsuranceType.choices)
    start_month = models.CharField(_("参保年月"), max_length=6)
    opened_by = models.ForeignKey(Submission, verbose_name=_("办理业务"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("单位参保险种")
        verbose_name_plural = _("单位参保险种")
        constraints = [models.UniqueConstraint(fields=["unit", "insurance_type"], name="unit_insurance_once")]

    def __str__(self):
        return f"{self.unit} {self.get_insurance_type_display()}"


INJURY_CLASS_CHOICES = [(i, f"{i}类") for i in range(1, 9)]


def insurance_type_labels(codes) -> str:
    return "、".join(str(InsuranceType(code).label) for code in codes if code in InsuranceType.values)


class UnitProfile(models.Model):
    """The unit's registration details that ``accounts.Unit`` does not hold (postal code, economic type, industry,
    work-injury class, bank account): written by 单位参保登记, changed by 单位信息变更."""

    unit = models.OneToOneField(Unit, primary_key=True, verbose_name=_("单位"), on_delete=models.CASCADE,
                                related_name="profile")
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    economic_type = models.CharField(_("经济类型"), max_length=3, choices=EconomicType.choices, blank=True)
    industry = models.CharField(_("所属行业"), max_length=50, blank=True)
    injury_class = models.PositiveSmallIntegerField(_("工伤行业风险类别"), choices=INJURY_CLASS_CHOICES, null=True,
                                                    blank=True)
    bank_name = models.CharField(_("开户银行"), max_length=100, blank=True)
    bank_account = models.CharField(_("银行账号"), max_length=40, blank=True)
    updated_by = models.ForeignKey(Submission, verbose_name=_("办理业务"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("单位登记信息")
        verbose_name_plural = _("单位登记信息")

    def __str__(self):
        return str(self.unit_id)


class ChangeAction(models.TextChoices):
    """What a submission did to a membership (the history column 变更类型)."""

    ENROL = "enrol", _("新参保")
    ADD = "add", _("增员")
    STOP = "stop", _("减员")
    RESUME = "resume", _("续保")
    DEATH = "death", _("死亡终止")


def reason_label(action: str, reason: str) -> str:
    """The label of a change reason code, read in the list its action uses ("" when the action has none)."""
    if reason and action in (ChangeAction.STOP, ChangeAction.DEATH) and reason in StopReason.values:
        return str(StopReason(reason).label)
    if reason and action == ChangeAction.RESUME and reason in ResumeReason.values:
        return str(ResumeReason(reason).label)
    return reason


class UnitMember(models.Model):
    """A person with a membership in a unit, and when any of those memberships last changed: the rows of the
    参保人员 list, so that it pages by an index (``unit``, newest change) at any unit size. Written with every
    membership write (``enrollment.services.memberships``); ``unit_members_refresh`` rebuilds it after a bulk load.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+",
                             db_index=False)  # the unique (unit, person) index serves it
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="unit_links")
    last_change_at = models.DateTimeField(_("最近变更时间"))

    class Meta:
        verbose_name = _("单位参保人员")
        verbose_name_plural = _("单位参保人员")
        constraints = [models.UniqueConstraint(fields=["unit", "person"], name="unit_member_once")]
        indexes = [models.Index(fields=["unit", "-last_change_at", "-person"], name="unit_member_newest")]

    def __str__(self):
        return f"{self.unit_id} {self.person_id}"


class UnitMemberCount(models.Model):
    """How many list rows (``UnitMember``) a unit has: the 参保人员 pager's total without counting 100,000 rows.
    Recounted, under a row lock, by every write of the unit's list rows."""

    unit = models.OneToOneField(Unit, primary_key=True, verbose_name=_("单位"), on_delete=models.CASCADE,
                                related_name="+")
    members = models.PositiveIntegerField(_("参保人数"), default=0)

    class Meta:
        verbose_name = _("单位参保人数")
        verbose_name_plural = _("单位参保人数")

    def __str__(self):
        return f"{self.unit_id} {self.members}"


class Membership(models.Model):
    """参保关系: one person in one unit (or on their own, ``unit`` empty) for one insurance type.

    ``start_month`` is the first month paid in the current period; ``stop_month`` the first month no longer paid.
    A person pays in at most one place per insurance type (``membership_one_paying_unit``). Rows change only when
    a submission is approved (enrollment.services); every change is kept in ``MembershipChange``.
    """

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="memberships")
    insurance_type = models.CharField(_("险种"), max_length=3, choices=InsuranceType.choices)
    status = models.CharField(_("缴费状态"), max_length=1, choices=PaymentStatus.choices,
                              default=PaymentStatus.PAYING)
    start_month = models.CharField(_("参保年月"), max_length=6)
    stop_month = models.CharField(_("停保年月"), max_length=6, blank=True)
    wage = models.DecimalField(_("缴费工资"), max_digits=12, decimal_places=2, null=True, blank=True)
    employment_form = models.CharField(_("用工形式"), max_length=1, choices=EmploymentForm.choices, blank=True)
    work_start_date = models.DateField(_("参加工作日期"), null=True, blank=True)
    last_action = models.CharField(_("最近变更"), max_length=10, choices=ChangeAction.choices)
    reason = models.CharField(_("变更原因"), max_length=2, blank=True)
    last_submission = models.ForeignKey(Submission, verbose_name=_("最近办理业务"), on_delete=models.PROTECT,
                                        related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("参保关系")
        verbose_name_plural = _("参保关系")
        ordering = ["insurance_type"]
        constraints = [
            models.UniqueConstraint(fields=["person", "unit", "insurance_type"], name="membership_once_per_unit"),
            models.UniqueConstraint(fields=["person", "insurance_type"], condition=models.Q(status="1"),
                                    name="membership_one_paying_unit"),
        ]
        indexes = [models.Index(fields=["unit", "status", "insurance_type"], name="membership_unit_status")]

    def __str__(self):
        return f"{self.person_id} {self.get_insurance_type_display()} {self.get_status_display()}"

    @property
    def reason_label(self) -> str:
        return reason_label(self.last_action, self.reason)


class MembershipChange(models.Model):
    """One change of a membership by one approved submission (the history shown on the person's page)."""

    membership = models.ForeignKey(Membership, verbose_name=_("参保关系"), on_delete=models.CASCADE,
                                   related_name="changes")
    submission = models.ForeignKey(Submission, verbose_name=_("办理业务"), on_delete=models.PROTECT,
                                   related_name="+")
    action = models.CharField(_("变更类型"), max_length=10, choices=ChangeAction.choices)
    reason = models.CharField(_("变更原因"), max_length=2, blank=True)
    old_status = models.CharField(_("变更前状态"), max_length=1, choices=PaymentStatus.choices, blank=True)
    new_status = models.CharField(_("变更后状态"), max_length=1, choices=PaymentStatus.choices)
    month = models.CharField(_("变更年月"), max_length=6)
    at = models.DateTimeField(_("办结时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("参保关系变更记录")
        verbose_name_plural = _("参保关系变更记录")
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["membership", "submission"], name="membership_change_once")]

    def __str__(self):
        return f"{self.membership_id} {self.action} {self.month}"

    @property
    def reason_label(self) -> str:
        return reason_label(self.action, self.reason)


# ---------------------------------------------------------------- line models of the staff kinds


class JoinLine(models.Model):
    """One person on a 职工新参保登记 (``person`` set on approval) or 增员 (``person`` looked up) submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("人员"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    id_type = models.CharField(_("证件类型"), max_length=2, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = models.CharField(_("证件号码"), max_length=30)
    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=1, choices=Person.Sex.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=2, choices=Ethnicity.choices, blank=True)
    hukou_type = models.CharField(_("户口性质"), max_length=2, choices=HukouType.choices, blank=True)
    mobile = models.CharField(_("手机号"), max_length=20, blank=True)
    employment_form = models.CharField(_("用工形式"), max_length=1, choices=EmploymentForm.choices)
    work_start_date = models.DateField(_("参加工作日期"), null=True, blank=True)
    wage = models.DecimalField(_("缴费工资"), max_digits=12, decimal_places=2)
    insurance_types = models.JSONField(_("参保险种"), default=list)
    start_month = models.CharField(_("参保年月"), max_length=6)

    class Meta:
        verbose_name = _("参保人员明细")
        verbose_name_plural = _("参保人员明细")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["submission", "id_type", "id_number"], name="join_line_once")]
        # one page of a submission's lines in entry order, without sorting 100,000 of them
        indexes = [models.Index(fields=["submission", "id"], name="join_line_page")]

    def __str__(self):
        return f"{self.name} {self.id_number}"

    def insurance_type_labels(self) -> str:
        return insurance_type_labels(self.insurance_types)


class StopLine(models.Model):
    """One person on a 减员 (停保) submission: the types to stop, the reason and the first month not paid."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    insurance_types = models.JSONField(_("停保险种"), default=list)
    reason = models.CharField(_("减员原因"), max_length=2, choices=StopReason.choices)
    stop_month = models.CharField(_("停保年月"), max_length=6)

    class Meta:
        verbose_name = _("减员人员明细")
        verbose_name_plural = _("减员人员明细")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["submission", "person"], name="stop_line_once")]
        # one page of a submission's lines in entry order, without sorting 100,000 of them
        indexes = [models.Index(fields=["submission", "id"], name="stop_line_page")]

    def __str__(self):
        return f"{self.person_id} {self.stop_month}"

    def insurance_type_labels(self) -> str:
        return insurance_type_labels(self.insurance_types)

    @property
    def terminates(self) -> bool:
        return self.reason in TERMINATING_STOP_REASONS


class ResumeLine(models.Model):
    """One suspended person on a 续保 submission: the types to resume, the reason, the first month paid again."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    insurance_types = models.JSONField(_("续保险种"), default=list)
    reason = models.CharField(_("续保原因"), max_length=2, choices=ResumeReason.choices)
    month = models.CharField(_("续保年月"), max_length=6)
    wage = models.DecimalField(_("缴费工资"), max_digits=12, decimal_places=2, null=True, blank=True,
                               help_text=_("不填则沿用原缴费工资"))

    class Meta:
        verbose_name = _("续保人员明细")
        verbose_name_plural = _("续保人员明细")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["submission", "person"], name="resume_line_once")]
        # one page of a submission's lines in entry order, without sorting 100,000 of them
        indexes = [models.Index(fields=["submission", "id"], name="resume_line_page")]

    def __str__(self):
        return f"{self.person_id} {self.month}"

    def insurance_type_labels(self) -> str:
        return insurance_type_labels(self.insurance_types)


class DeathLine(models.Model):
    """The content of a 死亡终止缴费 submission: who died and when (paid through the month of death)."""

    submission = models.OneToOneField(Submission, primary_key=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    id_type = models.CharField(_("证件类型"), max_length=2, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = models.CharField(_("证件号码"), max_length=30)
    death_date = models.DateField(_("死亡日期"))

    class Meta:
        verbose_name = _("死亡终止缴费信息")
        verbose_name_plural = _("死亡终止缴费信息")

    def __str__(self):
        return str(self.submission_id)

    @property
    def stop_month(self) -> str:
        """Contributions stop from the month after the month of death."""
        from siportal.core.validators import month_add, month_of

        return month_add(month_of(self.death_date), 1)


#: The fields 单位信息变更 may change: (field name, where the current value lives: "unit" or "profile").
UNIT_CHANGE_FIELDS = [
    ("address", "unit"), ("postal_code", "profile"), ("contact_name", "unit"), ("contact_phone", "unit"),
    ("industry", "profile"), ("injury_class", "profile"), ("bank_name", "profile"), ("bank_account", "profile"),
]


class UnitChangeLine(models.Model):
    """The content of a 单位信息变更 submission: the new non-key values; the replaced ones are kept on approval."""

    submission = models.OneToOneField(Submission, primary_key=True, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(_("单位地址"), max_length=200)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    industry = models.CharField(_("所属行业"), max_length=50)
    injury_class = models.PositiveSmallIntegerField(_("工伤行业风险类别"), choices=INJURY_CLASS_CHOICES)
    bank_name = models.CharField(_("开户银行"), max_length=100)
    bank_account = models.CharField(_("银行账号"), max_length=40)
    old_values = models.JSONField(_("变更前的值"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("生效时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("单位信息变更内容")
        verbose_name_plural = _("单位信息变更内容")

    def __str__(self):
        return str(self.submission_id)


def identity_photo_upload_to(instance, filename):
    import uuid

    return f"identity/{uuid.uuid4().hex}.{instance.extension}"


class IdentityClaimLine(models.Model):
    """个人注册 by photo request: who the applicant says they are and their ID photo, checked by the centre."""

    submission = models.OneToOneField(Submission, primary_key=True, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("申请人填写的姓名"), max_length=50)
    id_photo = models.FileField(_("身份证照片"), upload_to=identity_photo_upload_to)
    extension = models.CharField(max_length=5)

    class Meta:
        verbose_name = _("个人注册身份审核内容")
        verbose_name_plural = _("个人注册身份审核内容")

    def __str__(self):
        return str(self.submission_id)
