"""Queries of enrollment: the unit's insured persons (always through ``hall_scope``), their memberships and
history, the lines of a submission, the candidates of 减员 and 续保."""

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, QuerySet

from accounts.models import Person
from accounts.tenancy import hall_scope
from reviews.models import TODO_STATES
from reviews.selectors import hall_submissions
from siportal.core.codes import PaymentStatus

from . import rules
from .models import (
    DeathLine,
    JoinLine,
    KindCode,
    Membership,
    MembershipChange,
    ResumeLine,
    StopLine,
    UnitChangeLine,
    UnitInsurance,
    UnitMember,
    UnitMemberCount,
)


def unit_insurance_types(unit) -> list[str]:
    """The insurance types the unit is opened for (单位参保险种), by code."""
    return list(UnitInsurance.objects.filter(unit=unit).order_by("insurance_type")
                .values_list("insurance_type", flat=True))


def unit_memberships(request) -> QuerySet[Membership]:
    """Every membership in the current unit (the tenancy gate of this app)."""
    return hall_scope(Membership.objects.all(), request)


def unit_members(request, *, q: str = "", status: str = "", insurance_type: str = "") -> QuerySet[Person]:
    """Persons with a membership in the current unit, optionally searched by name or ID number and filtered to
    those with a membership of ``status`` and/or ``insurance_type``; newest change first.

    Pages through the stored list rows (``UnitMember``: unit, newest change, person), which an index serves
    in that order, so a page costs the same in a unit of 1,000 staff as in one of 100,000."""
    qs = hall_scope(Person.objects.all(), request, unit_field="unit_links__unit", person_field="pk")
    if status or insurance_type:
        relation = unit_memberships(request).filter(person=OuterRef("pk"))
        if status:
            relation = relation.filter(status=status)
        if insurance_type:
            relation = relation.filter(insurance_type=insurance_type)
        qs = qs.filter(Exists(relation))
    if q:
        qs = qs.filter(rules.q_person_search(q))
    return qs.annotate(last_change=F("unit_links__last_change_at")).order_by("-last_change", "-pk")


def unit_members_count(request, *, q: str = "", status: str = "", insurance_type: str = "") -> int:
    """How many persons ``unit_members`` lists: without a search or filter, the unit's stored count (one row,
    whatever the unit's size); with one, the filtered query's count."""
    if q or status or insurance_type:
        return unit_members(request, q=q, status=status, insurance_type=insurance_type).count()
    stored = hall_scope(UnitMemberCount.objects.all(), request).values_list("members", flat=True).first()
    return stored if stored is not None else hall_scope(UnitMember.objects.all(), request).count()


def memberships_by_person(request, persons) -> dict[int, dict[str, Membership]]:
    """The current unit's memberships of ``persons`` (one query): person id → insurance type → membership."""
    result: dict[int, dict[str, Membership]] = defaultdict(dict)
    for m in unit_memberships(request).filter(person__in=[p.pk for p in persons]):
        result[m.person_id][m.insurance_type] = m
    return result


def member_history(request, person) -> QuerySet[MembershipChange]:
    """Every change of the person's memberships in the current unit, newest first, with the submission."""
    return (MembershipChange.objects.filter(membership__in=unit_memberships(request).filter(person=person))
            .select_related("membership", "submission"))


def stop_candidates(request, *, q: str = "", exclude_submission=None) -> QuerySet[Person]:
    """Persons paying in the current unit (减员 picks from them), minus those already on the draft."""
    qs = unit_members(request, q=q, status=PaymentStatus.PAYING)
    if exclude_submission is not None:
        qs = qs.exclude(pk__in=StopLine.objects.filter(submission=exclude_submission).values("person_id"))
    return qs


def resume_candidates(request, *, q: str = "", exclude_submission=None) -> QuerySet[Person]:
    """Persons with a suspended membership in the current unit (续保 picks from them)."""
    qs = unit_members(request, q=q, status=PaymentStatus.SUSPENDED)
    if exclude_submission is not None:
        qs = qs.exclude(pk__in=ResumeLine.objects.filter(submission=exclude_submission).values("person_id"))
    return qs


def person_by_id(id_type: str, id_number: str) -> Person | None:
    """A person of the registry by 证件类型 + 号码 (增员 looks anyone up; the page shows them masked, audited)."""
    return Person.objects.filter(id_type=id_type, id_number=id_number).first()


def person_memberships(person) -> QuerySet[Membership]:
    """Every membership of one person, in any unit (shown masked on the 增员 lookup)."""
    return Membership.objects.filter(person=person).select_related("unit").order_by("insurance_type", "pk")


def open_drafts(request, kind: str):
    """The current unit's unfinished (draft or returned) submissions of ``kind``."""
    return hall_submissions(request).filter(kind=kind, state__in=TODO_STATES).order_by("-updated_at")


def lines_of(submission) -> list:
    """The lines of an enrollment submission, for pages and the reviewer's summary."""
    kind = submission.kind
    if kind in (KindCode.STAFF_ENROL, KindCode.STAFF_ADD):
        return list(JoinLine.objects.filter(submission=submission))
    if kind == KindCode.STAFF_STOP:
        return list(StopLine.objects.filter(submission=submission).select_related("person"))
    if kind == KindCode.STAFF_RESUME:
        return list(ResumeLine.objects.filter(submission=submission).select_related("person"))
    if kind == KindCode.STAFF_DEATH:
        return list(DeathLine.objects.filter(submission=submission).select_related("person"))
    if kind == KindCode.UNIT_CHANGE:
        return list(UnitChangeLine.objects.filter(submission=submission))
    return []
