"""Money: the rate configuration (policy per region and period, its items, work-injury rates, flexible-employment
grades), declared wage bases, assessment runs and the receivables (应收) they write.

Every number and rounding rule lives in these rows; ``contributions.services.compute`` only reads them. A rate
change is a new ``Policy`` row with a later ``start_month``: months before it keep the old rates.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Person, Region, Unit
from reviews.models import Submission
from siportal.core.codes import InsuranceType
from siportal.core.validators import validate_month


def _month(value):
    validate_month(value)
    if len(str(value)) != 6:
        raise ValidationError(_("年月应为6位数字,如202612"))


class PersonCategory(models.TextChoices):
    """人员类别: which item list applies to a person."""

    EMPLOYEE = "employee", _("企业职工")
    FLEXIBLE = "flexible", _("灵活就业人员")
    RESIDENT = "resident", _("城乡居民")


class UndeclaredRule(models.TextChoices):
    """What a unit is billed for a person whose base was not declared for the current policy period."""

    LAST_BASE = "last", _("按上期缴费基数")
    PERCENT = "percent", _("按上期缴费基数的一定比例")


class BaseSource(models.TextChoices):
    WAGE = "wage", _("申报工资(按上下限调整)")
    FIXED_BASE = "fixed_base", _("固定基数")
    GRADE = "grade", _("缴费档次(社平工资的百分比)")
    FIXED_AMOUNT = "fixed_amount", _("定额(不计基数)")


class BaseRounding(models.TextChoices):
    NONE = "none", _("不取整")
    YUAN_HALF_UP = "yuan_half_up", _("四舍五入到元")
    YUAN_UP = "yuan_up", _("见角进元")


class AmountRounding(models.TextChoices):
    CENT_HALF_UP = "cent_half_up", _("四舍五入到分")
    JIAO_UP = "jiao_up", _("见分进角")
    CENT_DOWN = "cent_down", _("截尾到分")


class Policy(models.Model):
    """The contribution policy (缴费政策) of a region from ``start_month`` until the next policy of that region.
    A district without a policy of its own for a month uses its city's."""

    region = models.ForeignKey(Region, verbose_name=_("统筹区"), on_delete=models.PROTECT, related_name="+")
    start_month = models.CharField(_("起始年月"), max_length=6, validators=[_month],
                                   help_text=_("六位年月,如202601;执行到同一统筹区下一期政策的起始年月之前"))
    name = models.CharField(_("政策名称"), max_length=100, blank=True)
    average_wage = models.DecimalField(_("社平工资(月)"), max_digits=12, decimal_places=2)
    floor_percent = models.DecimalField(_("基数下限(社平工资%)"), max_digits=6, decimal_places=2,
                                        default=Decimal("60"))
    ceiling_percent = models.DecimalField(_("基数上限(社平工资%)"), max_digits=6, decimal_places=2,
                                          default=Decimal("300"))
    floor_amount = models.DecimalField(_("基数下限金额"), max_digits=12, decimal_places=2, null=True, blank=True,
                                       help_text=_("填写则代替按比例计算的下限"))
    ceiling_amount = models.DecimalField(_("基数上限金额"), max_digits=12, decimal_places=2, null=True, blank=True,
                                         help_text=_("填写则代替按比例计算的上限"))
    declare_from_day = models.PositiveSmallIntegerField(_("申报期起始日"), default=1)
    declare_to_day = models.PositiveSmallIntegerField(_("申报期截止日"), default=15)
    due_day = models.PositiveSmallIntegerField(_("缴费截止日"), default=15)
    late_fee_daily_rate = models.DecimalField(_("滞纳金日费率"), max_digits=8, decimal_places=6,
                                              default=Decimal("0.0005"))
    undeclared_rule = models.CharField(_("未申报时"), max_length=10, choices=UndeclaredRule.choices,
                                       default=UndeclaredRule.LAST_BASE)
    undeclared_percent = models.DecimalField(_("未申报时按上期基数的%"), max_digits=6, decimal_places=2,
                                             default=Decimal("100"))

    class Meta:
        verbose_name = _("缴费政策")
        verbose_name_plural = _("缴费政策")
        ordering = ["region__path", "-start_month"]
        constraints = [models.UniqueConstraint(fields=["region", "start_month"], name="policy_once_per_month")]

    def __str__(self):
        return self.name or f"{self.region} {self.start_month}"

    def clean(self):
        for field in ("declare_from_day", "declare_to_day", "due_day"):
            if not 1 <= (getattr(self, field) or 0) <= 31:
                raise ValidationError({field: _("日期应在1-31之间")})
        if self.declare_from_day > self.declare_to_day:
            raise ValidationError({"declare_to_day": _("申报期截止日不能早于起始日")})

    @property
    def floor(self) -> Decimal:
        if self.floor_amount is not None:
            return self.floor_amount
        return self.average_wage * self.floor_percent / 100

    @property
    def ceiling(self) -> Decimal:
        if self.ceiling_amount is not None:
            return self.ceiling_amount
        return self.average_wage * self.ceiling_percent / 100


class Item(models.Model):
    """One item (险种或子项) a person of ``category`` pays under ``policy``: rates on a base, or a fixed amount."""

    policy = models.ForeignKey(Policy, verbose_name=_("缴费政策"), on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("人员类别"), max_length=10, choices=PersonCategory.choices)
    insurance_type = models.CharField(_("险种"), max_length=3, choices=InsuranceType.choices)
    name = models.CharField(_("项目名称"), max_length=50, help_text=_("如“基本医疗保险”“大病互助”"))
    order = models.PositiveSmallIntegerField(_("显示顺序"), default=0)
    base_source = models.CharField(_("基数来源"), max_length=12, choices=BaseSource.choices,
                                   default=BaseSource.WAGE)
    fixed_base = models.DecimalField(_("固定基数"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit_rate = models.DecimalField(_("单位费率(%)"), max_digits=7, decimal_places=4, default=Decimal("0"))
    personal_rate = models.DecimalField(_("个人费率(%)"), max_digits=7, decimal_places=4, default=Decimal("0"))
    unit_rate_by_injury_class = models.BooleanField(_("单位费率按工伤行业类别"), default=False,
                                                    help_text=_("勾选则单位费率取本期工伤行业费率表"))
    fixed_unit_amount = models.DecimalField(_("单位定额(月)"), max_digits=10, decimal_places=2, null=True,
                                            blank=True)
    fixed_personal_amount = models.DecimalField(_("个人定额(月)"), max_digits=10, decimal_places=2, null=True,
                                                blank=True)
    base_rounding = models.CharField(_("基数取整"), max_length=14, choices=BaseRounding.choices,
                                     default=BaseRounding.NONE)
    amount_rounding = models.CharField(_("金额舍入"), max_length=14, choices=AmountRounding.choices,
                                       default=AmountRounding.CENT_HALF_UP)
    account_percent = models.DecimalField(_("个人缴费划入个人账户(%)"), max_digits=6, decimal_places=2,
                                          default=Decimal("0"))

    class Meta:
        verbose_name = _("缴费项目")
        verbose_name_plural = _("缴费项目")
        ordering = ["policy", "category", "order", "insurance_type", "id"]
        constraints = [models.UniqueConstraint(fields=["policy", "category", "insurance_type", "name"],
                                               name="item_once_per_policy")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.base_source == BaseSource.FIXED_BASE and self.fixed_base is None:
            raise ValidationError({"fixed_base": _("基数来源为固定基数时请填写固定基数")})
        if self.base_source == BaseSource.FIXED_AMOUNT and self.fixed_unit_amount is None \
                and self.fixed_personal_amount is None:
            raise ValidationError({"fixed_personal_amount": _("定额项目请填写单位定额或个人定额")})


class InjuryRate(models.Model):
    """工伤保险行业基准费率: the unit rate of work injury for an industry class (1–8) under a policy."""

    policy = models.ForeignKey(Policy, verbose_name=_("缴费政策"), on_delete=models.CASCADE,
                               related_name="injury_rates")
    industry_class = models.PositiveSmallIntegerField(_("行业风险类别"), choices=[(i, f"{i}类") for i in range(1, 9)])
    rate = models.DecimalField(_("单位费率(%)"), max_digits=7, decimal_places=4)

    class Meta:
        verbose_name = _("工伤行业费率")
        verbose_name_plural = _("工伤行业费率")
        ordering = ["policy", "industry_class"]
        constraints = [models.UniqueConstraint(fields=["policy", "industry_class"], name="injury_rate_once")]

    def __str__(self):
        return f"{self.industry_class}类 {self.rate}%"


class Grade(models.Model):
    """缴费档次: one grade of flexible employment, a percentage of the average wage."""

    policy = models.ForeignKey(Policy, verbose_name=_("缴费政策"), on_delete=models.CASCADE, related_name="grades")
    name = models.CharField(_("档次名称"), max_length=20)
    percent = models.DecimalField(_("社平工资(%)"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("缴费档次")
        verbose_name_plural = _("缴费档次")
        ordering = ["policy", "percent"]
        constraints = [models.UniqueConstraint(fields=["policy", "percent"], name="grade_once_per_policy")]

    def __str__(self):
        return f"{self.name}({self.percent}%)"


class WageBase(models.Model):
    """A declared monthly wage (缴费工资) of a person in a unit, in force from ``effective_month`` until the next
    declaration. Written by 缴费基数申报 on approval."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    effective_month = models.CharField(_("生效年月"), max_length=6, validators=[_month])
    wage = models.DecimalField(_("申报工资"), max_digits=12, decimal_places=2)
    submission = models.ForeignKey(Submission, verbose_name=_("办理业务"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("缴费工资申报")
        verbose_name_plural = _("缴费工资申报")
        ordering = ["unit", "person", "-effective_month"]
        constraints = [models.UniqueConstraint(fields=["person", "unit", "effective_month"], name="wage_base_once")]
        indexes = [models.Index(fields=["unit", "effective_month"], name="wage_base_unit_month")]

    def __str__(self):
        return f"{self.person_id} {self.effective_month} {self.wage}"


class AssessmentRun(models.Model):
    """One 应收核定 of a unit for a fee month: who ran it and what it wrote."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    fee_month = models.PositiveIntegerField(_("费款所属期"))
    policy = models.ForeignKey(Policy, verbose_name=_("缴费政策"), on_delete=models.PROTECT, related_name="+")
    submission = models.ForeignKey(Submission, verbose_name=_("办理业务"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    persons = models.PositiveIntegerField(_("核定人数"), default=0)
    lines = models.PositiveIntegerField(_("应收明细条数"), default=0)
    unit_total = models.DecimalField(_("单位应缴合计"), max_digits=16, decimal_places=2, default=Decimal("0"))
    personal_total = models.DecimalField(_("个人应缴合计"), max_digits=16, decimal_places=2, default=Decimal("0"))
    created_at = models.DateTimeField(_("核定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("应收核定记录")
        verbose_name_plural = _("应收核定记录")
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit", "fee_month"], name="assessment_run_unit_month")]

    def __str__(self):
        return f"{self.unit_id} {self.fee_month}"


class ReceivableStatus(models.TextChoices):
    UNPAID = "unpaid", _("未缴")
    PAID = "paid", _("已缴")


class Receivable(models.Model):
    """应收: what a person of a unit owes for one item in one fee month (unit part + personal part).

    On PostgreSQL the table is partitioned by ``fee_month`` (one partition a month, primary key ``(id,
    fee_month)``; see migration 0002 and ``services.partitions``). Foreign keys are not enforced by the database
    (cheap COPY into a huge table); Django's ``on_delete`` still protects the referenced rows.
    """

    id = models.BigAutoField(primary_key=True)
    fee_month = models.PositiveIntegerField(_("费款所属期"))
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, db_constraint=False,
                             related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, db_constraint=False,
                               related_name="+")
    insurance_type = models.CharField(_("险种"), max_length=3, choices=InsuranceType.choices)
    item = models.ForeignKey(Item, verbose_name=_("缴费项目"), on_delete=models.PROTECT, db_constraint=False,
                             related_name="+")
    base = models.DecimalField(_("缴费基数"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit_amount = models.DecimalField(_("单位应缴"), max_digits=12, decimal_places=2)
    personal_amount = models.DecimalField(_("个人应缴"), max_digits=12, decimal_places=2)
    account_amount = models.DecimalField(_("划入个人账户"), max_digits=12, decimal_places=2, default=Decimal("0"))
    status = models.CharField(_("状态"), max_length=6, choices=ReceivableStatus.choices,
                              default=ReceivableStatus.UNPAID)
    run = models.ForeignKey(AssessmentRun, verbose_name=_("核定记录"), on_delete=models.PROTECT,
                            db_constraint=False, related_name="+")
    created_at = models.DateTimeField(_("核定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("应收明细")
        verbose_name_plural = _("应收明细")
        ordering = ["fee_month", "person", "item"]
        constraints = [models.UniqueConstraint(fields=["fee_month", "unit", "person", "item"],
                                               name="receivable_once")]
        indexes = [models.Index(fields=["unit", "fee_month"], name="receivable_unit_month"),
                   models.Index(fields=["person", "fee_month"], name="receivable_person_month")]

    def __str__(self):
        return f"{self.fee_month} {self.person_id} {self.item_id}"


class AssessmentReason(models.TextChoices):
    """核定原因 of a 单位应收核定."""

    REGULAR = "01", _("正常核定")
    SUPPLEMENT = "02", _("补核定")
    OTHER = "99", _("其他")


class AssessmentLine(models.Model):
    """The content of a 单位应收核定 submission: the fee month to assess and why. On approval the month's
    receivables are written by ``assessment_run``."""

    submission = models.OneToOneField(Submission, primary_key=True, on_delete=models.CASCADE, related_name="+")
    fee_month = models.PositiveIntegerField(_("费款所属期"))
    reason = models.CharField(_("核定原因"), max_length=2, choices=AssessmentReason.choices,
                              default=AssessmentReason.REGULAR)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("单位应收核定信息")
        verbose_name_plural = _("单位应收核定信息")
        indexes = [models.Index(fields=["fee_month"], name="assessment_line_month")]

    def __str__(self):
        return f"{self.submission_id} {self.fee_month}"


class WageLine(models.Model):
    """One person of a 缴费基数申报: the new declared wage and its effective month, plus what the page showed when
    it was saved (the base after floor / ceiling and the monthly cost change against the base in force)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    wage = models.DecimalField(_("本次缴费工资"), max_digits=12, decimal_places=2)
    effective_month = models.CharField(_("生效年月"), max_length=6)
    last_wage = models.DecimalField(_("上次申报工资"), max_digits=12, decimal_places=2, null=True, blank=True)
    base = models.DecimalField(_("缴费基数"), max_digits=12, decimal_places=2, null=True, blank=True)
    clamped = models.CharField(_("基数调整"), max_length=8, blank=True)  # "floor" / "ceiling"
    unit_change = models.DecimalField(_("单位月缴变化"), max_digits=12, decimal_places=2, null=True, blank=True)
    personal_change = models.DecimalField(_("个人月缴变化"), max_digits=12, decimal_places=2, null=True,
                                          blank=True)

    class Meta:
        verbose_name = _("缴费基数申报明细")
        verbose_name_plural = _("缴费基数申报明细")
        ordering = ["submission", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "person"], name="wage_line_once")]
        indexes = [models.Index(fields=["submission", "id"], name="wage_line_page")]

    def __str__(self):
        return f"{self.person_id} {self.effective_month} {self.wage}"
