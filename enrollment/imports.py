"""Batch import mappings of 职工新参保登记 (批量新参保), 增员 (批量增员) and 减员 (批量减员): one declaration each
for the engine in ``reviews.imports``, attached to its kind's lines in ``kinds.py``; each batch becomes ONE
submission of its kind, its accepted rows turned into lines by the kind's ``Lines.build`` (as a form's rows).

The engine reads the file and turns each cell into a plain value (IDs kept as text — a number that lost its
digits is refused —, Excel dates and serials into dates, amounts into Decimals, ``code|label`` cells into codes);
the checks are this app's own ``rules``, the same the hall form uses: ``join_row_errors`` per row,
``join_registry_errors`` for a chunk of rows in two queries; the accepted rows become ``JoinLine`` objects of one
submission through ``enrollment.lines.join_lines_build`` and ``bulk_insert`` (COPY on PostgreSQL) per chunk.

批量增员 takes persons already in the registry (their 姓名 must match it): ``join_row_errors(new_person=False)``
per row, ``join_registry_errors(new_person=False)`` per chunk, ``JoinLine`` objects copying the registry's data.
批量减员 takes persons of the registry paying in this unit: ``stop_row_errors`` per row, ``stop_registry_errors``
per chunk, ``StopLine`` objects (an empty 停保险种 becomes the types the person's line actually stops).
"""

import functools
from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from reviews.imports.spec import Column, ImportSpec
from siportal.core.codes import EmploymentForm, Ethnicity, HukouType, IdType, StopReason
from siportal.core.excel import to_date, to_decimal, to_id_text, to_month
from siportal.core.validators import month_of, normalize_id_number

from . import rules
from .models import KindCode, Membership
from .selectors import unit_insurance_types


def _state(ctx) -> dict:
    """Per-job facts looked up once: the unit's insurance types and today's date."""
    if "unit_types" not in ctx.state:
        ctx.state["unit_types"] = unit_insurance_types(ctx.unit)
        ctx.state["today"] = timezone.localdate()
        ctx.state["shared"] = {}  # one object for equal short values (months, codes, type lists)
    return ctx.state


def clean(row, ctx, *, new_person: bool = True) -> None:
    """One row through the hall's own rules (for 增员, ``new_person=False``: the person's own data come from the
    registry); an empty 参保险种 means every type the unit is opened for."""
    state = _state(ctx)
    values = row.as_dict()
    if not values["insurance_types"]:
        values["insurance_types"] = list(state["unit_types"])
    cleaned, errors = rules.join_row_errors(values, unit_types=state["unit_types"], new_person=new_person,
                                            today=state["today"])
    for field, message in errors:
        row.refuse(field, message)
    _keep(row, cleaned, state)


def _keep(row, cleaned: dict, state: dict) -> None:
    """Write the rules' normalised values back into the row, sharing equal short values between rows."""
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


def _insurance_types(value) -> list[str]:
    return rules.parse_types(value)


# The enrolment columns of 新参保登记 and 增员 (the same line fields, the same checks).
EMPLOYMENT_FORM_COLUMN = Column("employment_form", _("用工形式"), required=True, codes=EmploymentForm.choices,
                                example="1|劳动合同制")
ENROLMENT_COLUMNS = (
    Column("wage", _("缴费工资"), required=True, parse=lambda v: to_decimal(v, places=None),
           aliases=(_("月缴费工资"), _("缴费基数")), example="6500.00", note=_("单位:元,最多两位小数")),
    Column("insurance_types", _("参保险种"), parse=_insurance_types, text=True, default=[],
           note=_("如 110,210,310,410,510;不填为本单位全部险种"), example="110,210,310,410,510"),
    Column("start_month", _("参保年月"), required=True, parse=to_month, text=True,
           example=lambda: month_of(timezone.localdate()),
           note=_("六位年月,如202612;最早可补办前3个月")),
)

STAFF_ENROL_IMPORT = ImportSpec(
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
        EMPLOYMENT_FORM_COLUMN,
        Column("work_start_date", _("参加工作日期"), required=True, parse=to_date, text=True, example="2012-07-01"),
        *ENROLMENT_COLUMNS,
    ),
    unique=(("id_type", "id_number"),),
    clean=clean, validate=validate,
)


# ---------------------------------------------------------------- shared by 增员 and 减员: the person of a row

def _registered(rows, *, hint: str = "") -> list[tuple]:
    """The registry's person of each row, one query for the chunk. A row whose ID is not registered, or whose
    姓名 differs from the registered name, is refused with one message (plus ``hint``): the answer must not tell
    whether the ID number exists, nor whose it is. Returns (row, person) pairs."""
    persons = rules.persons_by_id({(row["id_type"], row["id_number"]) for row in rows})
    found = []
    for row in rows:
        person = persons.get((row["id_type"], row["id_number"]))
        if person is None or rules.name_key(row["name"]) != rules.name_key(person.name):
            row.refuse("id_number", f"{rules.not_registered_message()}{hint}")
        else:
            found.append((row, person))
    return found


def _id_clean(row) -> tuple[dict, list]:
    """The 证件号码 normalised and checked for its 证件类型 (as ``rules.join_row_errors`` does)."""
    try:
        return {"id_number": normalize_id_number(row["id_type"], row["id_number"])}, []
    except ValidationError as exc:
        return {}, [("id_number", exc.messages[0])]


# ---------------------------------------------------------------- 批量增员 (staff_add)


def add_validate(rows, ctx) -> None:
    """A chunk against the registry: the person is there under this name (1 query), then the hall's 增员 rules in
    sets — not dead, not paying this type here or elsewhere, not suspended here (续保), … (2 queries)."""
    found = [row for row, _person in _registered(rows, hint=_("首次参保的职工请使用批量新参保登记。"))]
    errors = rules.join_registry_errors([row.as_dict() for row in found], unit=ctx.unit, new_person=False)
    for index, problems in errors.items():
        for field, message in problems:
            found[index].refuse(field, message)


#: The three columns that name a person already in the registry (批量增员, 批量减员).
REGISTERED_PERSON_COLUMNS = (
    Column("id_type", _("证件类型"), required=True, codes=IdType.choices, text=True, example="01|居民身份证"),
    Column("id_number", _("证件号码"), required=True, parse=to_id_text, text=True, width=22,
           aliases=(_("身份证号码"), _("公民身份号码"), _("身份证号"), _("证件号")), example="110105199001011234"),
    Column("name", _("姓名"), required=True, example=_("张三"), note=_("须与人员库中登记的姓名一致")),
)


STAFF_ADD_IMPORT = ImportSpec(
    code=KindCode.STAFF_ADD, kind=KindCode.STAFF_ADD, label=_("批量增员"), sheet_title=_("增员人员"),
    description=_("人员库中已有的职工(曾经参保)加入本单位:按模板逐行填写,一次导入多人,生成一笔“增员”业务。"),
    instructions=(
        _("6. 人员须已在人员库中,姓名须与人员库登记的一致;人员库中没有的职工请使用“批量职工新参保登记”。"),
        _("7. 参保险种填写险种代码,多个用逗号分隔,如“110,210,310,410,510”;不填则为本单位参加的全部险种。"),
        _("8. 人员的性别、出生日期、民族等信息以人员库为准,无需填写。"),
    ),
    columns=(
        *REGISTERED_PERSON_COLUMNS,
        EMPLOYMENT_FORM_COLUMN,
        Column("work_start_date", _("参加工作日期"), parse=to_date, text=True, example="2012-07-01",
               note=_("如 2012-07-01")),
        *ENROLMENT_COLUMNS,
    ),
    unique=(("id_type", "id_number"),),
    clean=functools.partial(clean, new_person=False), validate=add_validate,
)


# ---------------------------------------------------------------- 批量减员 (staff_stop)


def stop_clean(row, ctx) -> None:
    """One 减员 row: the ID for its type, then the hall's rules (reason, stop month in the window, types the unit
    has). An empty 停保险种 stays empty here: ``stop_validate`` fills in what the person pays in the unit."""
    state = _state(ctx)
    values = row.as_dict()
    typed = values["insurance_types"]
    cleaned, errors = _id_clean(row)
    stop, stop_errors = rules.stop_row_errors(values, unit_types=state["unit_types"], today=state["today"])
    cleaned.update(stop)
    if not typed:
        cleaned["insurance_types"] = []
    for field, message in errors + stop_errors:
        row.refuse(field, message)
    _keep(row, cleaned, state)


STOP_FIELDS = {"person": "id_number"}  # rules' field names that are not columns of the template


def stop_validate(rows, ctx) -> None:
    """A chunk against the registry and the unit's memberships: the person is there under this name (1 query),
    then the hall's 减员 rules in sets (1 query): something to stop here (paying; suspended too when the reason
    terminates), the stop month not before the start month. An empty 停保险种 becomes the types this line stops
    (1 more query, only when a row left it empty)."""
    state = _state(ctx)
    found = _registered(rows)
    plain = [{"person_id": person.pk, "reason": row["reason"], "stop_month": row["stop_month"],
              "insurance_types": row["insurance_types"]} for row, person in found]
    errors = rules.stop_registry_errors(plain, unit=ctx.unit)
    for index, problems in errors.items():
        for field, message in problems:
            found[index][0].refuse(STOP_FIELDS.get(field, field), message)
    accepted = [(row, person) for row, person in found if row.ok]
    person_ids = state.setdefault("person_ids", {})
    for row, person in accepted:
        person_ids[(row["id_type"], row["id_number"])] = person.pk
    blank = [(row, person) for row, person in accepted if not row["insurance_types"]]
    if blank:
        memberships = defaultdict(list)
        for m in Membership.objects.filter(unit=ctx.unit, person_id__in={p.pk for _r, p in blank}).only(
                "person", "insurance_type", "status"):
            memberships[m.person_id].append(m)
        shared = state["shared"]
        for row, person in blank:
            targets = rules.stop_targets(memberships[person.pk], {"reason": row["reason"], "insurance_types": []})
            types = sorted({m.insurance_type for m in targets})
            row["insurance_types"] = shared.setdefault(tuple(types), types)


def stop_line_rows(rows, ctx) -> list[dict]:
    """The accepted rows as the plain rows 减员's ``Lines.build`` takes: the person's id for the row's ID."""
    person_ids = ctx.state.get("person_ids", {})
    missing = {(row["id_type"], row["id_number"]) for row in rows} - person_ids.keys()
    if missing:  # not validated in this process: look them up (one query)
        person_ids.update({key: p.pk for key, p in rules.persons_by_id(missing).items()})
    return [{"person_id": person_ids[(row["id_type"], row["id_number"])], "reason": row["reason"],
             "stop_month": row["stop_month"], "insurance_types": row["insurance_types"]} for row in rows]


STAFF_STOP_IMPORT = ImportSpec(
    code=KindCode.STAFF_STOP, kind=KindCode.STAFF_STOP, label=_("批量减员"), sheet_title=_("减员人员"),
    description=_("本单位参保缴费的职工离职、退休等停止缴费:按模板逐行填写,一次导入多人,生成一笔“减员(停保)”业务。"),
    instructions=(
        _("6. 人员须在本单位参保缴费,姓名须与人员库登记的一致。"),
        _("7. 减员原因为退休、死亡的终止缴费;其他原因为暂停缴费,以后可办理续保。"),
        _("8. 停保年月为停止缴费的第一个月;停保险种填写险种代码,多个用逗号分隔,不填则为该人员在本单位缴费的全部险种。"),
    ),
    columns=(
        *REGISTERED_PERSON_COLUMNS,
        Column("reason", _("减员原因"), required=True, codes=StopReason.choices, text=True,
               aliases=(_("停保原因"), _("减少原因")), example="28|辞职"),
        Column("stop_month", _("停保年月"), required=True, parse=to_month, text=True,
               aliases=(_("减员年月"),), example=lambda: month_of(timezone.localdate()),
               note=_("六位年月,如202612,自该月起停止缴费;最早可补办前3个月,最晚下个月")),
        Column("insurance_types", _("停保险种"), parse=_insurance_types, text=True, default=[],
               aliases=(_("减员险种"), _("险种")),
               note=_("如 110,310;不填为该人员在本单位缴费的全部险种"), example=""),
    ),
    unique=(("id_type", "id_number"),),
    clean=stop_clean, validate=stop_validate, line_rows=stop_line_rows,
)
