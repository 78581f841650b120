"""Checks of one staff line given as plain values (a form post or a spreadsheet row); no database access."""

import functools
import unicodedata
from collections.abc import Collection, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Person
from siportal.core.codes import (
    EmploymentForm,
    Ethnicity,
    HukouType,
    IdType,
    InsuranceType,
    ResumeReason,
    StopReason,
)
from siportal.core.templatetags.portal import month as month_text
from siportal.core.text import has_invisible
from siportal.core.validators import (
    id_birth_date,
    id_sex,
    month_add,
    month_of,
    normalize_id_number,
    validate_mobile,
    validate_month,
)

from .retirement import retirement_errors

Errors = list[tuple[str, str]]

#: 证件类型 whose number carries the birth date and sex (GB 11643 layout).
ID_TYPES_WITH_BIRTH = {IdType.RESIDENT_ID, IdType.HMT_RESIDENCE}
MAX_WAGE = Decimal("9999999.99")
MIN_WORKING_AGE = 16
MONTHS_BACK = 3  # a start/stop month may be at most this many months before the current month…
MONTHS_AHEAD = 1  # …and at most this many after it


# ---------------------------------------------------------------- small parsers of cell values


def cell_text(value) -> str:
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()


NAME_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", ".": "·", "‧": "·", "∙": "·"})


def name_key(value) -> str:
    """A name as compared with the registry's: full-width folded (NFKC), no spaces, one kind of middle dot."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return "".join(text.split()).translate(NAME_DOTS).casefold()


@functools.cache
def _code_table(choices) -> tuple[frozenset, dict]:
    """The codes of a ``TextChoices`` and its labels → codes, built once (Django rebuilds them on every access)."""
    return frozenset(choices.values), {str(label): code for code, label in choices.choices}


def parse_code(value, choices) -> str | None:
    """A code of the ``TextChoices`` ``choices`` from ``"28"``, ``"28|辞职"`` or ``"辞职"``; None if none matches."""
    text = cell_text(value)
    if not text:
        return None
    code, _sep, label = text.partition("|")
    code = code.strip()
    codes, labels = _code_table(choices)
    if code in codes:
        return code
    return labels.get(label.strip() or code)


def parse_date(value) -> date | None:
    """A date from a ``date``, ``datetime`` or text such as 2020-01-02, 2020/1/2, 20200102, 2020年1月2日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    if not text:
        return None
    try:
        if text.isdigit() and len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        year, month, day = (int(part) for part in text.strip("-").split("-"))
        return date(year, month, day)
    except ValueError:
        raise ValueError(text) from None


def parse_decimal(value) -> Decimal:
    """A Decimal from a Decimal, an int or text (thousands separators and a trailing 元 allowed); never a float."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    text = cell_text(value).replace(",", "").removesuffix("元")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None


def parse_types(value, allowed: Collection[str] | None = None) -> list[str]:
    """Insurance type codes from a list or text ("110,310", "110|企业职工基本养老保险、310"); unknown ones kept as
    given so the caller can name them."""
    items = value if isinstance(value, list | tuple | set) else cell_text(value).replace("、", ",").replace(";", ",").split(",")
    codes = []
    for item in items:
        code = parse_code(item, InsuranceType) or cell_text(item)
        if code and code not in codes:
            codes.append(code)
    return sorted(codes)


def month_window(today: date | None = None) -> tuple[str, str]:
    """The earliest and latest month a start, stop or resume month may name (3 months back … next month)."""
    current = month_of(today or timezone.localdate())
    return month_add(current, -MONTHS_BACK), month_add(current, MONTHS_AHEAD)


def _month(values, field, errors, today, *, what) -> str:
    raw = values.get(field)
    if raw in (None, ""):
        errors.append((field, _("请填写%(what)s。") % {"what": what}))
        return ""
    try:
        month = validate_month(raw)
    except ValidationError as exc:
        errors.append((field, exc.messages[0]))
        return ""
    earliest, latest = month_window(today)
    if month < earliest:
        errors.append((field, _("%(what)s%(month)s早于%(earliest)s:最多可补办前%(n)d个月,更早的请到经办机构柜台办理。")
                       % {"what": what, "month": month_text(month), "earliest": month_text(earliest),
                          "n": MONTHS_BACK}))
    elif month > latest:
        errors.append((field, _("%(what)s%(month)s晚于%(latest)s:最多只能预办下个月。")
                       % {"what": what, "month": month_text(month), "latest": month_text(latest)}))
    return month


def _code(values, field, choices, errors, *, what, required=True) -> str:
    raw = values.get(field)
    if raw in (None, ""):
        if required:
            errors.append((field, _("请选择%(what)s。") % {"what": what}))
        return ""
    code = parse_code(raw, choices)
    if code is None:
        errors.append((field, _("%(what)s“%(value)s”不在代码表中。") % {"what": what, "value": cell_text(raw)}))
        return ""
    return code


def _types(values, errors, *, allowed: Collection[str], field="insurance_types", required=True) -> list[str]:
    codes = parse_types(values.get(field) or [])
    if not codes:
        if required:
            errors.append((field, _("请至少选择一个险种。")))
        return []
    bad = [c for c in codes if c not in allowed]
    if bad:
        names = "、".join(str(InsuranceType(c).label) if c in _code_table(InsuranceType)[0] else c for c in bad)
        errors.append((field, _("本单位未参加%(types)s,不能为职工办理。") % {"types": names}))
    return [c for c in codes if c in allowed]


# ---------------------------------------------------------------- one line, plain values


def join_row_errors(values: Mapping, *, unit_types: Collection[str], new_person: bool = True,
                    today: date | None = None) -> tuple[dict, Errors]:
    """Check one 职工新参保登记 (``new_person``) or 增员 line given as plain values.

    Keys: id_type, id_number, name, sex, birth_date, ethnicity, hukou_type, mobile, employment_form,
    work_start_date, wage, insurance_types, start_month. For 增员 only the ID and the enrolment fields count:
    the person's own data come from the registry. Sex and birth date are taken from an ID number that has them.
    """
    today = today or timezone.localdate()
    errors: Errors = []
    cleaned: dict = {}
    id_type = _code(values, "id_type", IdType, errors, what=gettext_lazy("证件类型")) or ""
    cleaned["id_type"] = id_type
    number = cell_text(values.get("id_number"))
    if id_type:
        try:
            number = normalize_id_number(id_type, number)
        except ValidationError as exc:
            errors.append(("id_number", exc.messages[0]))
    cleaned["id_number"] = number
    id_ok = bool(id_type) and not any(f == "id_number" for f, _m in errors)
    birth = None
    if new_person:
        name = cell_text(values.get("name"))
        if not name:
            errors.append(("name", _("请填写姓名。")))
        elif has_invisible(name):
            errors.append(("name", _("姓名含有不可见或控制字符")))
        elif len(name) > 50 or any(ch.isdigit() for ch in name):
            errors.append(("name", _("姓名“%(name)s”不正确:不能含数字,最多50个字。") % {"name": name}))
        cleaned["name"] = name
        if id_ok and id_type in ID_TYPES_WITH_BIRTH:
            birth, cleaned["sex"] = id_birth_date(number), id_sex(number)
        else:
            cleaned["sex"] = _code(values, "sex", Person.Sex, errors, what=gettext_lazy("性别"), required=id_ok)
            try:
                birth = parse_date(values.get("birth_date"))
            except ValueError:
                errors.append(("birth_date", _("出生日期格式不正确,应为yyyy-mm-dd。")))
            else:
                if birth is None and id_ok:
                    errors.append(("birth_date", _("该证件类型不含出生日期,请填写出生日期。")))
                elif birth and birth > today:
                    errors.append(("birth_date", _("出生日期不能晚于今天。")))
        cleaned["birth_date"] = birth
        cleaned["ethnicity"] = _code(values, "ethnicity", Ethnicity, errors, what=gettext_lazy("民族"))
        cleaned["hukou_type"] = _code(values, "hukou_type", HukouType, errors, what=gettext_lazy("户口性质"))
        mobile = cell_text(values.get("mobile"))
        if mobile:
            try:
                mobile = validate_mobile(mobile)
            except ValidationError as exc:
                errors.append(("mobile", exc.messages[0]))
        cleaned["mobile"] = mobile
    cleaned["employment_form"] = _code(values, "employment_form", EmploymentForm, errors, what=gettext_lazy("用工形式"))
    try:
        work_start = parse_date(values.get("work_start_date"))
    except ValueError:
        work_start = None
        errors.append(("work_start_date", _("参加工作日期格式不正确,应为yyyy-mm-dd。")))
    else:
        if work_start is None and new_person:
            errors.append(("work_start_date", _("请填写参加工作日期。")))
        elif work_start and work_start > today:
            errors.append(("work_start_date", _("参加工作日期不能晚于今天。")))
        elif work_start and birth and work_start < _add_years(birth, MIN_WORKING_AGE):
            errors.append(("work_start_date", _("参加工作日期早于年满%(n)d周岁的日期,请核对。") % {"n": MIN_WORKING_AGE}))
    cleaned["work_start_date"] = work_start
    raw_wage = values.get("wage")
    wage = None
    if raw_wage in (None, ""):
        errors.append(("wage", _("请填写缴费工资。")))
    else:
        try:
            wage = parse_decimal(raw_wage)
        except ValueError:
            errors.append(("wage", _("缴费工资“%(value)s”不是金额。") % {"value": cell_text(raw_wage)}))
        else:
            if wage <= 0 or wage > MAX_WAGE:
                errors.append(("wage", _("缴费工资应大于0且不超过9999999.99元。")))
            elif wage != wage.quantize(Decimal("0.01")):
                errors.append(("wage", _("缴费工资最多保留两位小数(分)。")))
    cleaned["wage"] = wage
    cleaned["insurance_types"] = _types(values, errors, allowed=unit_types)
    start = _month(values, "start_month", errors, today, what=gettext_lazy("参保年月"))
    if start and work_start and start < month_of(work_start):
        errors.append(("start_month", _("参保年月不能早于参加工作日期所在月份。")))
    cleaned["start_month"] = start
    if new_person:  # 增员: the registry's sex and birth date, checked by ``join_registry_errors``
        errors.extend(retirement_errors(sex=cleaned.get("sex") or "", birth_date=birth,
                                        insurance_types=cleaned["insurance_types"], start_month=start))
    return cleaned, errors


def stop_row_errors(values: Mapping, *, unit_types: Collection[str], today: date | None = None) -> tuple[dict, Errors]:
    """Check one 减员 line: reason (code, ``code|label`` or label), stop month, and optional types (empty: all)."""
    errors: Errors = []
    cleaned = {
        "reason": _code(values, "reason", StopReason, errors, what=gettext_lazy("减员原因")),
        "stop_month": _month(values, "stop_month", errors, today, what=gettext_lazy("停保年月")),
        "insurance_types": _types(values, errors, allowed=unit_types, required=False) or sorted(unit_types),
    }
    return cleaned, errors


def resume_row_errors(values: Mapping, *, unit_types: Collection[str],
                      today: date | None = None) -> tuple[dict, Errors]:
    """Check one 续保 line: reason, month paid again from, optional new wage, optional types (empty: all)."""
    errors: Errors = []
    cleaned = {
        "reason": _code(values, "reason", ResumeReason, errors, what=gettext_lazy("续保原因")),
        "month": _month(values, "month", errors, today, what=gettext_lazy("续保年月")),
        "insurance_types": _types(values, errors, allowed=unit_types, required=False) or sorted(unit_types),
        "wage": None,
    }
    if values.get("wage") not in (None, ""):
        try:
            wage = parse_decimal(values["wage"])
        except ValueError:
            errors.append(("wage", _("缴费工资不是金额。")))
        else:
            if wage <= 0 or wage > MAX_WAGE or wage != wage.quantize(Decimal("0.01")):
                errors.append(("wage", _("缴费工资应大于0、不超过9999999.99元、最多两位小数。")))
            cleaned["wage"] = wage
    return cleaned, errors


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)
