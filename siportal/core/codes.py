"""National code lists (金保 AAE140 insurance types, 证件类型, AAC031 payment status) used across the apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InsuranceType(models.TextChoices):
    PENSION = "110", _("企业职工基本养老保险")
    PUBLIC_PENSION = "120", _("机关事业单位养老保险")
    RESIDENT_PENSION = "170", _("城乡居民基本养老保险")
    UNEMPLOYMENT = "210", _("失业保险")
    MEDICAL = "310", _("职工基本医疗保险")
    MAJOR_MEDICAL = "330", _("大额医疗费用补助")
    INJURY = "410", _("工伤保险")
    MATERNITY = "510", _("生育保险")


#: The types a unit can open (单位参保登记).
UNIT_INSURANCE_TYPES = ["110", "210", "310", "410", "510"]


class IdType(models.TextChoices):
    RESIDENT_ID = "01", _("居民身份证")
    OFFICER = "02", _("军官证")
    ARMED_POLICE = "03", _("武警警官证")
    HK_MACAO_PERMIT = "04", _("港澳居民来往内地通行证")
    HK_MACAO_PERMIT_2 = "05", _("港澳居民来往内地通行证(旧)")
    TAIWAN_PERMIT = "06", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT = "07", _("外国人永久居留身份证")
    PASSPORT = "08", _("外国护照")
    HMT_RESIDENCE = "17", _("港澳台居民居住证")
    OTHER = "99", _("其他")


class PaymentStatus(models.TextChoices):
    PAYING = "1", _("参保缴费")
    SUSPENDED = "2", _("暂停缴费")
    TERMINATED = "3", _("终止缴费")
