"""Batch import mapping of 职工新参保登记 (批量新参保): one declaration for the engine in ``reviews.imports``.

The engine reads the file and turns each cell into a plain value (IDs kept as text — a number that lost its
digits is refused —, Excel dates and serials into dates, amounts into Decimals, ``code|label`` cells into codes);
the checks are this app's own ``rules``, the same the hall form uses: ``join_row_errors`` per row,
``join_registry_errors`` for a chunk of rows in two queries; the accepted rows become ``JoinLine`` objects of one
submission through ``join_lines_build`` and ``bulk_insert`` (COPY on PostgreSQL) per chunk.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from reviews.imports.bulk import bulk_insert
from reviews.imports.spec import Column, ImportSpec, register_import
from siportal.core.codes import EmploymentForm, Ethnicity, HukouType, IdType
from siportal.core.excel import to_date, to_decimal, to_id_text, to_month
from siportal.core.validators import month_of

from . import rules
from .models import JoinLine, KindCode
from .selectors import unit_insurance_types
from .services.drafts import join_lines_build


def _state(ctx) -> dict:
    """Per-job facts looked up once: the unit's insurance types and today's date."""
    if "unit_types" not in ctx.state:
        ctx.state["unit_types"] = unit_insurance_types(ctx.unit)
        ctx.state["today"] = timezone.localdate()
        ctx.state["shared"] = {}  # one object for equal short values (months, codes, type lists)
    return ctx.state


def clean(row, ctx) -> None:
    """One row through the hall's own rules; an empty 参保险种 means every type the unit is opened for."""
    state = _state(ctx)
    values = row.as_dict()
    if not values["insurance_types"]:
        values["insurance_types"] = list(state["unit_types"])
    cleaned, errors = rules.join_row_errors(values, unit_types=state["unit_types"], new_person=True,
                                            today=state["today"])
    for field, message in errors:
        row.refuse(field, message)
    shared = state["shared"]
    for key, value in cleaned.items():
        if value == row[key] and type(value) is type(row[key]):
            continue  # keep the object read from the file: 100,000 rows should not hold every value twice
        if isinstance(value, list):
            value = shared.setdefault(tuple(value), value)
        elif isinstance(value, str | date) and len(str(value)) <= 16:
            value = shared.setdefault((type(value), value), value)
        row[key] = value


def validate(rows, ctx) -> None:
    """A chunk against the person registry, in sets (the engine has already refused repeats inside the file)."""
    errors = rules.join_registry_errors([row.as_dict() for row in rows], unit=ctx.unit, new_person=True)
    for index, problems in errors.items():
        for field, message in problems:
            rows[index].refuse(field, message)


def write(submission, rows, ctx) -> None:
    bulk_insert(JoinLine, join_lines_build(submission=submission, rows=[row.as_dict() for row in rows]))


def _insurance_types(value) -> list[str]:
    return rules.parse_types(value)


STAFF_ENROL_IMPORT = register_import(ImportSpec(
    code=KindCode.STAFF_ENROL, kind=KindCode.STAFF_ENROL, label=_("批量职工新参保登记"), sheet_title=_("新参保人员"),
    description=_("人员库中没有的职工首次参保:按模板逐行填写,一次导入多人,生成一笔“职工新参保登记”业务。"),
    instructions=(
        _("6. 参保险种填写险种代码,多个用逗号分隔,如“110,210,310,410,510”;不填则为本单位参加的全部险种。"),
        _("7. 居民身份证和港澳台居民居住证的性别、出生日期按证件号码自动识别,可不填。"),
    ),
    columns=(
        Column("id_type", _("证件类型"), required=True, codes=IdType.choices, text=True, example="01|居民身份证"),
        Column("id_number", _("证件号码"), required=True, parse=to_id_text, text=True, width=22,
               aliases=(_("身份证号码"), _("公民身份号码"), _("身份证号"), _("证件号")), example="110105199001011234"),
        Column("name", _("姓名"), required=True, example=_("张三")),
        Column("sex", _("性别"), codes=Person.Sex.choices, note=_("居民身份证可不填")),
        Column("birth_date", _("出生日期"), parse=to_date, text=True, note=_("居民身份证可不填;如 1990-01-01")),
        Column("ethnicity", _("民族"), required=True, codes=Ethnicity.choices, text=True, example="01|汉族"),
        Column("hukou_type", _("户口性质"), required=True, codes=HukouType.choices, text=True,
               aliases=(_("户籍性质"), _("户籍")), example="11|本市城镇户口"),
        Column("mobile", _("手机号"), parse=to_id_text, text=True, aliases=(_("手机号码"), _("联系电话"))),
        Column("employment_form", _("用工形式"), required=True, codes=EmploymentForm.choices,
               example="1|劳动合同制"),
        Column("work_start_date", _("参加工作日期"), required=True, parse=to_date, text=True, example="2012-07-01"),
        Column("wage", _("缴费工资"), required=True, parse=lambda v: to_decimal(v, places=None),
               aliases=(_("月缴费工资"), _("缴费基数")), example="6500.00", note=_("单位:元,最多两位小数")),
        Column("insurance_types", _("参保险种"), parse=_insurance_types, text=True, default=[],
               note=_("如 110,210,310,410,510;不填为本单位全部险种"), example="110,210,310,410,510"),
        Column("start_month", _("参保年月"), required=True, parse=to_month, text=True,
               example=lambda: month_of(timezone.localdate()),
               note=_("yyyyMM,最早可补办前3个月")),
    ),
    unique=(("id_type", "id_number"),),
    clean=clean, validate=validate, write=write,
))
