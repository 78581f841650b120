"""Two reviewers' clicks at the same moment on PostgreSQL: exactly one effect."""

import threading

import pytest
from django.db import connection

from accounts.models import Unit
from enrollment.models import UnitInsurance
from reviews.services import TransitionRefused, submission_transition
from siportal.core.models import Sequence


def _race(n, fn):
    barrier = threading.Barrier(n)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(fn())
        except TransitionRefused as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_have_one_effect(opening_submission, agent, district_reviewer):
    submission_transition(submission_id=opening_submission.pk, action="submit", by=agent)
    submission_transition(submission_id=opening_submission.pk, action="take", by=district_reviewer)

    results = _race(2, lambda: submission_transition(submission_id=opening_submission.pk, action="approve",
                                                     by=district_reviewer))
    assert sum(isinstance(r, TransitionRefused) for r in results) == 1
    unit = Unit.objects.get(pk=agent.unit_id)
    assert unit.is_opened
    assert Sequence.objects.get(name="unit_number:990101").value == 1
    assert UnitInsurance.objects.filter(unit=unit).count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_submit_once(opening_submission, agent):
    from django_fsm_log.models import StateLog

    results = _race(2, lambda: submission_transition(submission_id=opening_submission.pk, action="submit", by=agent))
    assert sum(isinstance(r, TransitionRefused) for r in results) == 1
    assert StateLog.objects.filter(object_id=opening_submission.pk, transition="submit").count() == 1
