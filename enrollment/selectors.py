"""Queries of enrollment: the unit's insured persons (always through ``owner_scope``), their memberships and
history, the candidates of 减员 and 续保. Every query of an owner's data takes ``owner`` (a unit), so hall
views (``request.owner``), Celery tasks and the admin share them."""

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, QuerySet

from accounts.models import Person
from accounts.tenancy import owner_scope
from siportal.core.codes import PaymentStatus

from . import rules
from .models import (
    Membership,
    MembershipChange,
    ResumeLine,
    StopLine,
    UnitInsurance,
    UnitMember,
    UnitMemberCount,
)


def unit_insurance_types(unit) -> list[str]:
    """The insurance types the unit is opened for (单位参保险种), by code."""
    return list(UnitInsurance.objects.filter(unit=unit).order_by("insurance_type")
                .values_list("insurance_type", flat=True))


def unit_memberships(owner) -> QuerySet[Membership]:
    """Every membership in ``owner``'s unit (the tenancy gate of this app: ``owner_scope``)."""
    return owner_scope(Membership.objects.all(), owner)


def unit_members(owner, *, q: str = "", status: str = "", insurance_type: str = "") -> QuerySet[Person]:
    """Persons with a membership in the owner's unit, optionally searched by name or ID number and filtered to
    those with a membership of ``status`` and/or ``insurance_type``; newest change first.

    Pages through the stored list rows (``UnitMember``: unit, newest change, person), which an index serves
    in that order, so a page costs the same in a unit of 1,000 staff as in one of 100,000."""
    qs = owner_scope(Person.objects.all(), owner, unit_field="unit_links__unit", person_field="pk")
    if status or insurance_type:
        relation = unit_memberships(owner).filter(person=OuterRef("pk"))
        if status:
            relation = relation.filter(status=status)
        if insurance_type:
            relation = relation.filter(insurance_type=insurance_type)
        qs = qs.filter(Exists(relation))
    if q:
        qs = qs.filter(rules.q_person_search(q))
    return qs.annotate(last_change=F("unit_links__last_change_at")).order_by("-last_change", "-pk")


def unit_members_count(owner, *, q: str = "", status: str = "", insurance_type: str = "") -> int:
    """How many persons ``unit_members`` lists: without a search or filter, the unit's stored count (one row,
    whatever the unit's size); with one, the filtered query's count."""
    if q or status or insurance_type:
        return unit_members(owner, q=q, status=status, insurance_type=insurance_type).count()
    stored = owner_scope(UnitMemberCount.objects.all(), owner).values_list("members", flat=True).first()
    return stored if stored is not None else owner_scope(UnitMember.objects.all(), owner).count()


def memberships_by_person(owner, persons) -> dict[int, dict[str, Membership]]:
    """The owner's unit's memberships of ``persons`` (one query): person id → insurance type → membership."""
    result: dict[int, dict[str, Membership]] = defaultdict(dict)
    for m in unit_memberships(owner).filter(person__in=[p.pk for p in persons]):
        result[m.person_id][m.insurance_type] = m
    return result


def member_history(owner, person) -> QuerySet[MembershipChange]:
    """Every change of the person's memberships in the owner's unit, newest first, with the submission."""
    return (MembershipChange.objects.filter(membership__in=unit_memberships(owner).filter(person=person))
            .select_related("membership", "submission"))


def stop_candidates(owner, *, q: str = "", exclude_submission=None) -> QuerySet[Person]:
    """Persons paying in the owner's unit (减员 picks from them), minus those already on the draft."""
    qs = unit_members(owner, q=q, status=PaymentStatus.PAYING)
    if exclude_submission is not None:
        qs = qs.exclude(pk__in=StopLine.objects.filter(submission=exclude_submission).values("person_id"))
    return qs


def resume_candidates(owner, *, q: str = "", exclude_submission=None) -> QuerySet[Person]:
    """Persons with a suspended membership in the owner's unit (续保 picks from them)."""
    qs = unit_members(owner, q=q, status=PaymentStatus.SUSPENDED)
    if exclude_submission is not None:
        qs = qs.exclude(pk__in=ResumeLine.objects.filter(submission=exclude_submission).values("person_id"))
    return qs


def person_by_id(id_type: str, id_number: str) -> Person | None:
    """A person of the registry by 证件类型 + 号码 (增员 looks anyone up; the page shows them masked, audited)."""
    return Person.objects.filter(id_type=id_type, id_number=id_number).first()


def person_memberships(person) -> QuerySet[Membership]:
    """Every membership of one person, in any unit (shown masked on the 增员 lookup)."""
    return Membership.objects.filter(person=person).select_related("unit").order_by("insurance_type", "pk")
