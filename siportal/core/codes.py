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


# --- Person attributes of 职工参保登记 (added with the staff lifecycle, issue 3) -----------------------------

_ETHNICITIES = [
    ("01", "汉族"), ("02", "蒙古族"), ("03", "回族"), ("04", "藏族"), ("05", "维吾尔族"), ("06", "苗族"),
    ("07", "彝族"), ("08", "壮族"), ("09", "布依族"), ("10", "朝鲜族"), ("11", "满族"), ("12", "侗族"),
    ("13", "瑶族"), ("14", "白族"), ("15", "土家族"), ("16", "哈尼族"), ("17", "哈萨克族"), ("18", "傣族"),
    ("19", "黎族"), ("20", "傈僳族"), ("21", "佤族"), ("22", "畲族"), ("23", "高山族"), ("24", "拉祜族"),
    ("25", "水族"), ("26", "东乡族"), ("27", "纳西族"), ("28", "景颇族"), ("29", "柯尔克孜族"), ("30", "土族"),
    ("31", "达斡尔族"), ("32", "仫佬族"), ("33", "羌族"), ("34", "布朗族"), ("35", "撒拉族"), ("36", "毛南族"),
    ("37", "仡佬族"), ("38", "锡伯族"), ("39", "阿昌族"), ("40", "普米族"), ("41", "塔吉克族"), ("42", "怒族"),
    ("43", "乌孜别克族"), ("44", "俄罗斯族"), ("45", "鄂温克族"), ("46", "德昂族"), ("47", "保安族"),
    ("48", "裕固族"), ("49", "京族"), ("50", "塔塔尔族"), ("51", "独龙族"), ("52", "鄂伦春族"), ("53", "赫哲族"),
    ("54", "门巴族"), ("55", "珞巴族"), ("56", "基诺族"), ("97", "其他"), ("98", "外国血统中国籍人士"),
]

#: 民族 (GB/T 3304): "01" 汉族 … "56" 基诺族, "97" 其他, "98" 外国血统中国籍人士.
Ethnicity = models.TextChoices("Ethnicity", [(f"E{code}", (code, _(label))) for code, label in _ETHNICITIES])


class HukouType(models.TextChoices):
    """户口性质 (Person.hukou_type)."""

    LOCAL_URBAN = "11", _("本市城镇户口")
    OTHER_URBAN = "12", _("外埠城镇户口")
    LOCAL_RURAL = "21", _("本市农业户口")
    OTHER_RURAL = "22", _("外埠农业户口")
    OTHER = "90", _("其他(无内地户籍)")


class EmploymentForm(models.TextChoices):
    """用工形式."""

    CONTRACT = "1", _("劳动合同制")
    DISPATCHED = "2", _("劳务派遣")
    PART_TIME = "3", _("非全日制用工")
    PERMANENT = "4", _("固定工")
    TEMPORARY = "5", _("临时工")
    OTHER = "9", _("其他")


class StopReason(models.TextChoices):
    """减员 / 停保 reasons, written ``code|label`` in batch templates (``28|辞职``, ``29|辞退``, ``99|其他``)."""

    CONTRACT_ENDED = "21", _("解除劳动合同")
    ENLISTED = "22", _("参军")
    RESIGNED = "28", _("辞职")
    DISMISSED = "29", _("辞退")
    RETIRED = "31", _("退休")
    DIED = "32", _("死亡")
    OTHER = "99", _("其他")


#: Stop reasons that end the relation (终止缴费); every other reason suspends it (暂停缴费).
TERMINATING_STOP_REASONS = frozenset({StopReason.RETIRED, StopReason.DIED})


class ResumeReason(models.TextChoices):
    """续保 reasons."""

    REHIRED = "41", _("重新录用")
    LEAVE_ENDED = "42", _("停薪留职期满返岗")
    DISCHARGED = "43", _("退役返岗")
    CORRECTION = "44", _("误停保更正")
    OTHER = "99", _("其他")

#: Short names of the insurance types for narrow table columns (养老, 医疗…).
INSURANCE_SHORT_LABELS = {
    "110": _("养老"), "120": _("机关养老"), "170": _("居民养老"), "210": _("失业"), "310": _("医疗"),
    "330": _("大额医疗"), "410": _("工伤"), "510": _("生育"),
}
