"""``bulk_insert`` writes what ``bulk_create`` would (COPY on PostgreSQL, bulk_create elsewhere)."""

from datetime import date
from decimal import Decimal

import pytest

from enrollment.models import JoinLine, KindCode
from reviews.imports.bulk import bulk_insert
from reviews.services import submission_create
from siportal.core.models import Job
from tests.enrollment.factories import open_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(agent, district_reviewer):
    open_unit(agent, district_reviewer)
    return submission_create(kind=KindCode.STAFF_ENROL, by=agent, unit=agent.unit)[0]


def test_lines_with_json_decimal_date_and_foreign_keys(submission):
    lines = [JoinLine(submission=submission, id_number=f"11010519900101{i:04d}", name=f"张{i}", sex="1",
                      birth_date=date(1990, 1, 1), employment_form="1", wage=Decimal("6500.5"),
                      insurance_types=["110", "310"], start_month="202601", mobile="") for i in range(5)]
    assert bulk_insert(JoinLine, lines) == 5
    saved = list(JoinLine.objects.filter(submission=submission).order_by("id"))
    assert [line.name for line in saved] == [f"张{i}" for i in range(5)]
    first = saved[0]
    assert first.insurance_types == ["110", "310"] and first.wage == Decimal("6500.50")
    assert first.birth_date == date(1990, 1, 1) and first.id_type == "01" and first.work_start_date is None


def test_auto_now_add_is_filled_and_empty_json_kept(agent):
    bulk_insert(Job, [Job(kind="bench", created_by=agent, result={"a": [1, "二"]}), Job(kind="bench")])
    jobs = list(Job.objects.filter(kind="bench").order_by("id"))
    assert all(job.created_at for job in jobs)
    assert jobs[0].result == {"a": [1, "二"]} and jobs[1].result == {} and jobs[1].created_by is None


@pytest.mark.postgres
def test_copy_is_used_on_postgresql(submission, django_assert_max_num_queries):
    lines = [JoinLine(submission=submission, id_number=f"X{i}", name="李四", employment_form="1", wage=1,
                      start_month="202601") for i in range(3000)]
    with django_assert_max_num_queries(1):
        bulk_insert(JoinLine, lines)
    assert JoinLine.objects.filter(submission=submission).count() == 3000
