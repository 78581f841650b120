"""The rules of a 缴费基数申报 line and of the set, and the pricing shown before submit — all in bulk: the number
of queries does not depend on the number of persons.

Effective month: next month at any time; this month only while today is inside the declaration window
(申报期, days of the month) of the policy in force this month. A line's base is the wage clamped to the policy's
floor and ceiling; its cost change is the monthly unit / personal amount of the new base (rates of the effective
month) minus that of the base in force today (rates of this month)."""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment.models import Membership, UnitProfile
from siportal.core.codes import PaymentStatus
from siportal.core.validators import month_add, month_of, validate_month

from ..models import PersonCategory, WageBase
from ..selectors import policy_in_force
from ..services.compute import ContributionError, rate_table_load

MAX_WAGE = Decimal("9999999999.99")
LAST = "999912"
CENT = Decimal("0.01")  # "the latest declaration, whatever its month"


def declaration_facts(unit) -> dict:
    """What the checks need, looked up once: the unit, this month, and the months an agent may choose."""
    today = timezone.localdate()
    this = month_of(today)
    policy = policy_in_force(region=unit.region, month=this) if unit.region_id else None
    return {"unit": unit, "today": today, "this_month": this, "next_month": month_add(this, 1), "policy": policy}


def effective_month_error(value, facts) -> tuple[str, str]:
    """(the month as ``yyyyMM``, "" ) or (value, a Chinese message saying why it cannot be chosen)."""
    try:
        month = validate_month(value)
    except ValidationError as exc:
        return str(value or ""), _("生效年月:%(message)s") % {"message": exc.messages[0]}
    this, following, policy = facts["this_month"], facts["next_month"], facts["policy"]
    if month < this:
        return month, _("生效年月%(month)s早于当前月份%(this)s,不能申报以前月份的缴费工资") % {
            "month": month, "this": this}
    if month > following:
        return month, _("生效年月%(month)s太晚:最晚可申报下月(%(next)s)") % {"month": month, "next": following}
    if month == this:
        if policy is None:
            return month, _("本统筹区%(month)s没有配置缴费政策,请选择下月(%(next)s)") % {
                "month": month, "next": following}
        day = facts["today"].day
        if not policy.declare_from_day <= day <= policy.declare_to_day:
            return month, _("本月申报期为每月%(a)d日至%(b)d日,今天不在申报期内,生效年月请选择下月(%(next)s)") % {
                "a": policy.declare_from_day, "b": policy.declare_to_day, "next": following}
    return month, ""


def wage_of(value) -> tuple[Decimal | None, str]:
    """A declared wage: a positive amount of at most two decimals."""
    if value is None or str(value).strip() == "":
        return None, _("请填写本次缴费工资")
    try:
        wage = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None, _("缴费工资“%(value)s”不是数字") % {"value": value}
    if not wage.is_finite() or wage <= 0:
        return None, _("缴费工资应为大于0的金额")
    if wage != wage.quantize(Decimal("0.01")) or wage > MAX_WAGE:
        return None, _("缴费工资最多两位小数,且不超过%(max)s元") % {"max": MAX_WAGE}
    return wage.quantize(Decimal("0.01")), ""


def check_row(row, facts) -> tuple[dict, list]:
    """One line: the wage and the effective month."""
    errors = []
    wage, message = wage_of(row.get("wage"))
    if message:
        errors.append(("wage", message))
    month, message = effective_month_error(row.get("effective_month"), facts)
    if message:
        errors.append(("effective_month", message))
    return {"person_id": row.get("person_id"), "wage": wage, "effective_month": month}, errors


def paying_ids(unit, person_ids) -> set[int]:
    """Of ``person_ids``, those paying (参保缴费) in ``unit``: one query."""
    return set(Membership.objects.filter(unit=unit, status=PaymentStatus.PAYING, person_id__in=list(person_ids))
               .values_list("person_id", flat=True).distinct())


def check_set(rows, facts) -> dict:
    """The set: every person insured (paying) in this unit, nobody twice, one effective month for all."""
    errors: dict[int, list] = defaultdict(list)
    paying = paying_ids(facts["unit"], {r["person_id"] for r in rows if r.get("person_id")})
    seen: set = set()
    months = [r["effective_month"] for r in rows if r.get("effective_month")]
    first = months[0] if months else ""
    for index, row in enumerate(rows):
        pid = row.get("person_id")
        if pid not in paying:
            errors[index].append(("person_id", _("该人员不是本单位参保缴费人员")))
        if pid in seen:
            errors[index].append(("person_id", _("该人员在本次申报中重复")))
        seen.add(pid)
        if row.get("effective_month") and row["effective_month"] != first:
            errors[index].append(("effective_month", _("同一笔申报的生效年月应一致(%(month)s)") % {"month": first}))
    return dict(errors)


# ---------------------------------------------------------------- pricing (bulk)


def _tables(unit, months) -> dict:
    """month → its RateTable (None when not configured); months under one policy share one table (and its cache
    of computed lines)."""
    tables, by_policy = {}, {}
    for month in sorted(months):
        policy = policy_in_force(region=unit.region, month=month)
        if policy is None:
            tables[month] = None
        elif policy.pk not in by_policy:
            by_policy[policy.pk] = rate_table_load(region=unit.region, month=month,
                                                   category=PersonCategory.EMPLOYEE, policy=policy)
        tables[month] = by_policy.get(policy.pk) if policy is not None else None
    return tables


def staff_wages(unit, person_ids, month: str) -> dict[int, dict]:
    """person id → {"types": paying types, "current": base in force in ``month`` (declared, else the enrolment
    wage), "last": the latest declared wage or None}: two queries."""
    info: dict[int, dict] = {}
    rows = Membership.objects.filter(unit=unit, status=PaymentStatus.PAYING, person_id__in=list(person_ids)) \
        .values_list("person_id", "insurance_type", "wage", "start_month")
    for pid, itype, wage, start in rows:
        entry = info.setdefault(pid, {"types": [], "enrol": None, "enrol_month": "", "current": None, "last": None})
        entry["types"].append(itype)
        if wage is not None and start >= entry["enrol_month"]:
            entry["enrol"], entry["enrol_month"] = wage, start
    in_force: dict = {}
    latest: dict = {}
    declared = WageBase.objects.filter(unit=unit, person_id__in=list(info)) \
        .order_by("person_id", "-effective_month").values_list("person_id", "wage", "effective_month")
    for pid, wage, effective in declared:  # newest first per person
        latest.setdefault(pid, wage)
        if effective <= month:
            in_force.setdefault(pid, wage)
    for pid, entry in info.items():
        entry["types"].sort()
        entry["current"] = in_force.get(pid, entry["enrol"])
        entry["last"] = latest.get(pid)
    return info


def price(unit, rows) -> list[dict]:
    """Each row with ``base``, ``clamped``, ``last_wage``, ``unit_change``, ``personal_change`` (None when the
    configuration cannot price it): a handful of queries for any number of rows."""
    this = month_of(timezone.localdate())
    info = staff_wages(unit, {r["person_id"] for r in rows}, this)
    tables = _tables(unit, {this} | {r["effective_month"] for r in rows})
    injury = UnitProfile.objects.filter(unit=unit).values_list("injury_class", flat=True).first()
    priced = []
    for row in rows:
        person = info.get(row["person_id"], {"types": [], "current": None, "last": None})
        out = {**row, "last_wage": person["last"], "base": None, "clamped": "", "unit_change": None,
               "personal_change": None}
        new_table, now_table = tables.get(row["effective_month"]), tables[this]
        if new_table is not None:
            base, out["clamped"] = new_table.clamp(row["wage"])
            out["base"] = base.quantize(CENT)
            try:
                new = new_table.compute(insurance_types=person["types"], wage=row["wage"], injury_class=injury)
                old_unit = old_personal = Decimal("0.00")
                if person["current"] is not None and now_table is not None:
                    old = now_table.compute(insurance_types=person["types"], wage=person["current"],
                                            injury_class=injury)
                    old_unit, old_personal = old.unit_total, old.personal_total
                out["unit_change"] = new.unit_total - old_unit
                out["personal_change"] = new.personal_total - old_personal
            except ContributionError:
                pass
        priced.append(out)
    return priced
