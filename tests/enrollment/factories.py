"""Builders of enrollment test data: opened units, form posts, persons enrolled through the real workflow."""

from django.utils import timezone

from enrollment import rules
from enrollment.models import KindCode, Membership, UnitOpeningLine
from reviews.drafts import draft_lines_add
from reviews.services import submission_create, submission_transition
from siportal.core.validators import month_add, month_of
from tests import factories
from tests.conftest import OPENING_FORM


def this_month(shift: int = 0) -> str:
    return month_add(month_of(timezone.localdate()), shift)


def id_number(birth: str = "19900101", seq: int | None = None) -> str:
    return factories.make_id_number(birth=birth, seq=seq)


def bad_checksum(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def approve(submission, agent, reviewer):
    """Submit (as the agent), take and approve (as the reviewer) through the workflow service."""
    submission = submission_transition(submission_id=submission.pk, action="submit", by=agent)
    if submission.state == "done":
        return submission
    submission_transition(submission_id=submission.pk, action="take", by=reviewer)
    return submission_transition(submission_id=submission.pk, action="approve", by=reviewer)


def open_unit(agent, reviewer, types=("110", "210", "310", "410", "510")):
    """Walk a 单位参保登记 through the workflow so the unit is opened with ``types``."""
    submission, _ = submission_create(kind=KindCode.UNIT_OPENING, by=agent, unit=agent.unit)
    UnitOpeningLine.objects.create(submission=submission, **{**OPENING_FORM, "injury_class": 1,
                                                               "insurance_types": list(types)})
    approve(submission, agent, reviewer)
    agent.unit.refresh_from_db()
    return agent.unit


def join_post(**overrides) -> dict:
    """A valid 职工新参保登记 form post (one person)."""
    data = {
        "id_type": "01", "id_number": id_number(), "name": "张三", "ethnicity": "01", "hukou_type": "11",
        "mobile": "13812345678", "employment_form": "1", "work_start_date": "2012-07-01", "wage": "6500.00",
        "insurance_types": ["110", "210", "310", "410", "510"], "start_month": this_month(),
    }
    data.update(overrides)
    return data


def join_row(**overrides) -> dict:
    """A cleaned row for ``draft_lines_add``, made by the same rules as a form post or an Excel row."""
    values = {**join_post(), "mobile": "", **overrides}
    row, errors = rules.join_row_errors(values, unit_types=values["insurance_types"])
    assert errors == [], errors
    return row


def enrol(agent, reviewer, rows, *, kind=KindCode.STAFF_ENROL, approve_it=True):
    """A 新参保 (or 增员) submission of ``rows``, approved unless told otherwise."""
    submission, _ = draft_lines_add(kind=kind, by=agent, owner=agent.unit, rows=rows)
    return approve(submission, agent, reviewer) if approve_it else submission


def stop(agent, reviewer, persons, *, reason="28", month=None, types=None, approve_it=True):
    rows = [{"person_id": p.pk, "reason": reason, "stop_month": month or this_month(),
             "insurance_types": types or ["110", "210", "310", "410", "510"]} for p in persons]
    submission, _ = draft_lines_add(kind=KindCode.STAFF_STOP, by=agent, owner=agent.unit, rows=rows)
    return approve(submission, agent, reviewer) if approve_it else submission


def resume(agent, reviewer, persons, *, reason="41", month=None, wage=None, approve_it=True):
    rows = [{"person_id": p.pk, "reason": reason, "month": month or this_month(), "wage": wage,
             "insurance_types": ["110", "210", "310", "410", "510"]} for p in persons]
    submission, _ = draft_lines_add(kind=KindCode.STAFF_RESUME, by=agent, owner=agent.unit, rows=rows)
    return approve(submission, agent, reviewer) if approve_it else submission


def statuses(person, unit=None) -> dict[str, str]:
    qs = Membership.objects.filter(person=person)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return dict(qs.values_list("insurance_type", "status"))
