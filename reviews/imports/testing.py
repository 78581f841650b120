"""A line-less mapping for the engine's own tests and benchmark (never registered in production).

"批量导入测试" looks like a small new-enrolment list: 证件类型 + 证件号码 (normalised by type, unique in the file,
refused when the person is already registered — one query per chunk), 姓名, 性别 and 出生日期 (taken from the ID
when empty), 民族 (a long code list, so its dropdown lives on the hidden sheet), 缴费工资, 参保年月, 手机号.
Its writer keeps the accepted rows in ``job.result["lines"]`` (no line model of its own).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.models import Person
from reviews import registry
from siportal.core.codes import IdType
from siportal.core.excel import CellError, to_date, to_decimal, to_id_text, to_month
from siportal.core.validators import id_birth_date, id_sex, normalize_id_number

from .spec import _SPECS, Column, ImportSpec, register_import

KIND = "import_test"
NAME_RE = re.compile(r"[\u3400-\u9fffA-Za-z·.\s]{1,50}")
SEX = [("1", "男"), ("2", "女")]
ETHNICITIES = [(f"{i:02d}", name) for i, name in enumerate((
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 "
    "佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 "
    "锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 "
    "赫哲族 门巴族 珞巴族 基诺族").split(), start=1)]


def _positive_wage(value):
    amount = to_decimal(value)
    if amount <= 0:
        raise CellError(_("应大于0"))
    return amount


def clean(row, ctx) -> None:
    try:
        row["id_number"] = normalize_id_number(row["id_type"], row["id_number"])
    except ValidationError as exc:
        row.refuse("id_number", ";".join(exc.messages))
        return
    if not NAME_RE.fullmatch(row["name"]):
        row.refuse("name", _("含有不允许的字符"))
    if row["id_type"] == IdType.RESIDENT_ID:
        sex, birth = id_sex(row["id_number"]), id_birth_date(row["id_number"])
        if row["sex"] and row["sex"] != sex:
            row.refuse("sex", _("与身份证号码第17位不符"))
        if row["birth_date"] and row["birth_date"] != birth:
            row.refuse("birth_date", _("与身份证号码中的出生日期不符"))
        row["sex"], row["birth_date"] = sex, birth
    if row["mobile"] and not re.fullmatch(r"1\d{10}", row["mobile"]):
        row.refuse("mobile", _("应为11位手机号码"))


def validate(rows, ctx) -> None:
    numbers = {row["id_number"] for row in rows}
    known = set(Person.objects.filter(id_number__in=numbers).values_list("id_type", "id_number"))
    for row in rows:
        if (row["id_type"], row["id_number"]) in known:
            row.refuse("id_number", _("该人员已在人员库中登记,请改用“增员”办理"))


def write(submission, rows, ctx) -> None:
    lines = ctx.job.result.setdefault("lines", [])
    lines.extend([row.number, row["id_type"], row["id_number"], row["name"], str(row["wage"]), row["start_month"]]
                 for row in rows)


SPEC = ImportSpec(
    code="test", kind=KIND, label=_l("批量导入测试"), sheet_title=_l("人员名单"),
    description=_l("测试用的批量导入,与职工新参保登记的模板相似。"),
    columns=(
        Column("id_type", _l("证件类型"), codes=IdType.choices, default="01", text=True, example="01|居民身份证"),
        Column("id_number", _l("证件号码"), required=True, parse=to_id_text, text=True, width=22,
               aliases=(_l("身份证号码"), _l("公民身份号码"), _l("证件号")), example="110105199001011234"),
        Column("name", _l("姓名"), required=True, example=_l("张三")),
        Column("sex", _l("性别"), codes=SEX, note=_l("居民身份证可不填,按号码自动识别")),
        Column("birth_date", _l("出生日期"), parse=to_date, text=True, note=_l("居民身份证可不填")),
        Column("ethnicity", _l("民族"), codes=ETHNICITIES, example="01|汉族"),
        Column("wage", _l("缴费工资"), required=True, parse=_positive_wage, example="6500.00", note=_l("单位:元")),
        Column("start_month", _l("参保年月"), required=True, parse=to_month, text=True, example="202601"),
        Column("mobile", _l("手机号"), parse=to_id_text, text=True),
    ),
    unique=(("id_type", "id_number"),),
    clean=clean, validate=validate, write=write,
)


def register() -> ImportSpec:
    registry.register(registry.Kind(code=KIND, label=_l("批量导入测试"), hall="unit",
                                    apply=lambda submission: None, vip_auto_approval=True))
    return register_import(SPEC)


def unregister() -> None:
    _SPECS.pop(SPEC.code, None)
    registry._KINDS.pop(KIND, None)
