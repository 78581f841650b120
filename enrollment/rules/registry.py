"""Checks of many cleaned staff rows against the database, in sets: one query for all their ID numbers, one for
all their memberships, whatever the number of rows. Each returns ``{row index: [(field, message), …]}``."""

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Person
from siportal.core.codes import TERMINATING_STOP_REASONS, PaymentStatus, StopReason
from siportal.core.templatetags.portal import month as month_text
from siportal.core.validators import month_add

from ..models import Membership
from .retirement import retirement_errors
from .rows import Errors, cell_text


def mask_unit_name(name: str) -> str:
    """Another unit's name as shown to an agent: the first 2 and last 4 characters (``示范**有限公司``)."""
    name = (name or "").strip()
    if len(name) <= 4:
        return name[:1] + "*" * (len(name) - 1)
    keep_tail = 4 if len(name) > 7 else 2
    return name[:2] + "*" * (len(name) - 2 - keep_tail) + name[-keep_tail:]


def _where(membership) -> str:
    return mask_unit_name(membership.unit.name) if membership.unit_id else _("个人参保(灵活就业)")


def persons_by_id(pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Person]:
    """Persons of the registry by (证件类型, 证件号码), in one query."""
    by_type = defaultdict(set)
    for id_type, number in pairs:
        if number:
            by_type[id_type].add(number)
    if not by_type:
        return {}
    where = Q()
    for id_type, numbers in by_type.items():  # (id_type, id_number) is the unique index: use it whole
        where |= Q(id_type=id_type, id_number__in=numbers)
    return {(p.id_type, p.id_number): p for p in Person.objects.filter(where)}


def _memberships_of(person_ids: Collection[int]):
    by_person = defaultdict(list)
    for m in Membership.objects.filter(person_id__in=set(person_ids)).select_related("unit"):
        by_person[m.person_id].append(m)
    return by_person


def _duplicates(keys: Sequence) -> dict[int, int]:
    """Row index → the earlier row index with the same key."""
    first: dict = {}
    dup = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key in first:
            dup[index] = first[key]
        else:
            first[key] = index
    return dup


def _paying_conflicts(person_memberships, types, start, unit, errors, *, field="insurance_types") -> None:
    """The one-paying-unit rule for a person about to pay ``types`` from ``start`` in ``unit``."""
    for m in person_memberships:
        if m.insurance_type not in types:
            continue
        label = m.get_insurance_type_display()
        here = m.unit_id == unit.pk
        if m.status == PaymentStatus.PAYING and here:
            errors.append((field, _("该人员已在本单位参加%(type)s缴费。") % {"type": label}))
        elif m.status == PaymentStatus.PAYING:
            errors.append((field, _("该人员正在%(unit)s参加%(type)s缴费,须原单位先办理减员(停保年月不晚于%(month)s)"
                                    "后才能在本单位参保。") % {"unit": _where(m), "type": label,
                                                             "month": month_text(start)}))
        elif start and m.stop_month and m.stop_month > start:
            errors.append(("start_month", _("该人员在%(unit)s的%(type)s缴费至%(last)s,参保年月不能早于%(month)s。")
                           % {"unit": _("本单位") if here else _where(m), "type": label,
                              "last": month_text(month_add(m.stop_month, -1)), "month": month_text(m.stop_month)}))


def join_registry_errors(rows: Sequence[Mapping], *, unit, new_person: bool) -> dict[int, Errors]:
    """Check cleaned 新参保 (``new_person``) or 增员 rows against the registry: 2 queries for any number of rows.

    新参保: the person must not be in the registry yet (offer 增员; one insured here is told so; the registry's
    name is never quoted). 增员: the person must be there, not dead, not
    already paying (here or elsewhere: the other unit's name is masked and the month it must stop by is given),
    not suspended here (offer 续保), not still paid elsewhere for the months asked, and not past the statutory
    retirement age for a pension type (新参保 checks that on the row). Rows with the same ID as an earlier row
    are duplicates.
    """
    result: dict[int, Errors] = defaultdict(list)
    keys = [(r["id_type"], r["id_number"]) if r.get("id_number") else None for r in rows]
    for index, earlier in _duplicates(keys).items():
        result[index].append(("id_number", _("与第%(n)d行是同一人,同一业务中不能重复录入。") % {"n": earlier + 1}))
    persons = persons_by_id({k for k in keys if k})
    memberships = _memberships_of([p.pk for p in persons.values()]) if persons else {}
    for index, (row, key) in enumerate(zip(rows, keys, strict=True)):
        if key is None or index in result:
            continue
        person = persons.get(key)
        if new_person:
            if person is not None:
                result[index].append(("id_number", _registered_message(memberships.get(person.pk, []), unit)))
            continue
        if person is None:
            result[index].append(("id_number", _("人员库中没有该证件号码的人员,请办理“职工新参保登记”。")))
            continue
        mine = memberships.get(person.pk, [])
        if any(m.reason == StopReason.DIED for m in mine):
            result[index].append(("id_number", _("该人员已办理死亡终止缴费,不能增员。")))
            continue
        types = set(row.get("insurance_types") or [])
        suspended_here = [m for m in mine if m.unit_id == unit.pk and m.status == PaymentStatus.SUSPENDED
                          and m.insurance_type in types]
        if suspended_here:
            result[index].append(("insurance_types", _("该人员在本单位的%(types)s为暂停缴费,请办理“续保”。") % {
                "types": "、".join(m.get_insurance_type_display() for m in suspended_here)}))
        others = [m for m in mine if m not in suspended_here]
        _paying_conflicts(others, types, row.get("start_month"), unit, result[index])
        result[index].extend(retirement_errors(sex=person.sex, birth_date=person.birth_date, insurance_types=sorted(types),
                                               start_month=row.get("start_month")))
    return {k: v for k, v in result.items() if v}


def not_registered_message() -> str:
    """The one answer when an ID number and a name do not name a person of the registry — whether the ID number
    is unknown or the name differs, so that it tells neither whether the ID exists nor whose it is."""
    return _("证件号码与姓名不一致,或人员库中没有该人员,请核对证件类型、证件号码和姓名。")


def _registered_message(memberships, unit) -> str:
    """Why a person already in the registry cannot be newly enrolled, never quoting the registry's data: an ID
    number typed by mistake must not reveal whose it is."""
    here = {m.status for m in memberships if m.unit_id == unit.pk}
    if PaymentStatus.PAYING in here:
        return _("该人员已在本单位参保缴费,不需要再办理参保登记。")
    if PaymentStatus.SUSPENDED in here:
        return _("该人员已在本单位参保(暂停缴费),请办理“续保”。")
    return _("该证件号码已在人员库中,不能新参保登记,请办理“增员”。")


def _unit_memberships(person_ids, unit):
    by_person = defaultdict(list)
    for m in Membership.objects.filter(person_id__in=set(person_ids), unit=unit):
        by_person[m.person_id].append(m)
    return by_person


def stop_registry_errors(rows: Sequence[Mapping], *, unit) -> dict[int, Errors]:
    """Check cleaned 减员 rows (with ``person_id``) against the unit's memberships, in one query.

    A suspending reason needs a paying membership of the chosen types; a terminating one (退休, 死亡) a paying or
    suspended one. The stop month may not be before the membership's start month.
    """
    result: dict[int, Errors] = defaultdict(list)
    for index, earlier in _duplicates([r.get("person_id") for r in rows]).items():
        result[index].append(("person", _("与第%(n)d行是同一人。") % {"n": earlier + 1}))
    memberships = _unit_memberships([r["person_id"] for r in rows if r.get("person_id")], unit)
    for index, row in enumerate(rows):
        if index in result:
            continue
        targets = stop_targets(memberships.get(row.get("person_id"), []), row)
        if not targets:
            result[index].append(("person", _("该人员在本单位没有可停保的参保缴费险种。")))
            continue
        late = [m for m in targets if row.get("stop_month") and row["stop_month"] < m.start_month]
        if late:
            result[index].append(("stop_month", _("停保年月不能早于参保年月%(month)s。") % {
                "month": month_text(max(m.start_month for m in late))}))
    return {k: v for k, v in result.items() if v}


def stop_targets(memberships, row) -> list:
    """The memberships a 减员 row acts on: paying ones, and suspended ones too when the reason terminates."""
    statuses = {PaymentStatus.PAYING}
    if row.get("reason") in TERMINATING_STOP_REASONS:
        statuses.add(PaymentStatus.SUSPENDED)
    types = set(row.get("insurance_types") or [])
    return [m for m in memberships if m.status in statuses and (not types or m.insurance_type in types)]


def resume_targets(memberships, row) -> list:
    types = set(row.get("insurance_types") or [])
    return [m for m in memberships if m.status == PaymentStatus.SUSPENDED and (not types or m.insurance_type in types)]


def resume_registry_errors(rows: Sequence[Mapping], *, unit) -> dict[int, Errors]:
    """Check cleaned 续保 rows (with ``person_id``): suspended here for the chosen types, the month not before the
    stop month, and not paying elsewhere meanwhile (the one-paying-unit rule). Two queries."""
    result: dict[int, Errors] = defaultdict(list)
    for index, earlier in _duplicates([r.get("person_id") for r in rows]).items():
        result[index].append(("person", _("与第%(n)d行是同一人。") % {"n": earlier + 1}))
    memberships = _memberships_of([r["person_id"] for r in rows if r.get("person_id")])
    for index, row in enumerate(rows):
        if index in result:
            continue
        mine = memberships.get(row.get("person_id"), [])
        targets = resume_targets([m for m in mine if m.unit_id == unit.pk], row)
        if not targets:
            result[index].append(("person", _("该人员在本单位没有暂停缴费的险种,不需要续保。")))
            continue
        early = [m for m in targets if row.get("month") and m.stop_month and row["month"] < m.stop_month]
        if early:
            result[index].append(("month", _("续保年月不能早于停保年月%(month)s。") % {
                "month": month_text(max(m.stop_month for m in early))}))
        types = {m.insurance_type for m in targets}
        elsewhere = [m for m in mine if m.unit_id != unit.pk]
        _paying_conflicts(elsewhere, types, row.get("month"), unit, result[index])
    return {k: v for k, v in result.items() if v}


def death_errors(*, person, death_date: date, unit, today: date | None = None) -> Errors:
    """Check a 死亡终止缴费: the person has an unterminated membership here; the date is real and plausible."""
    errors: Errors = []
    today = today or timezone.localdate()
    if death_date > today:
        errors.append(("death_date", _("死亡日期不能晚于今天。")))
    if person.birth_date and death_date < person.birth_date:
        errors.append(("death_date", _("死亡日期不能早于出生日期。")))
    live = Membership.objects.filter(person=person, unit=unit).exclude(status=PaymentStatus.TERMINATED)
    if not live.exists():
        errors.append(("id_number", _("该人员在本单位没有未终止的参保关系。")))
    return errors


def q_person_search(q: str) -> Q:
    """Search persons by name (part) or ID number (part, any case)."""
    q = cell_text(q).upper()
    if not q:
        return Q()
    return Q(name__icontains=q) | Q(id_number__icontains=q)
