"""Insured relations of units and the unit-opening (单位参保登记) line."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from reviews.models import Submission
from siportal.core.codes import InsuranceType


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
