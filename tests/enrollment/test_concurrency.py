"""Two units' enrolments of the same person approved at the same moment (PostgreSQL): one pays, one is refused."""

import threading

import pytest
from django.db import connection

from enrollment.models import KindCode, Membership
from reviews.services import TransitionRefused, submission_transition
from tests import factories

from . import factories as ef


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = []

    def run(fn):
        barrier.wait()
        try:
            results.append(fn())
        except TransitionRefused as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_units_adding_one_person_at_once_leaves_one_paying(opened, agent, district_reviewer, foreign_opened,
                                                               foreign_agent, city_reviewer):
    person = factories.person(id_number=ef.id_number(), name="冯十二")
    row = {**ef.join_row(id_number=person.id_number), "insurance_types": ["110"]}
    submissions = []
    for who, reviewer in ((agent, district_reviewer), (foreign_agent, city_reviewer)):
        s = ef.enrol(who, reviewer, [row], kind=KindCode.STAFF_ADD, approve_it=False)
        submission_transition(submission_id=s.pk, action="submit", by=who)
        submission_transition(submission_id=s.pk, action="take", by=reviewer)
        submissions.append((s, reviewer))
    results = _race([lambda s=s, r=r: submission_transition(submission_id=s.pk, action="approve", by=r)
                     for s, r in submissions])
    assert sum(isinstance(r, TransitionRefused) for r in results) == 1
    assert Membership.objects.filter(person=person, status="1").count() == 1
