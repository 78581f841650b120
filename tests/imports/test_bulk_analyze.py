"""A big bulk write leaves the planner with statistics: ANALYZE once the load commits (PostgreSQL)."""

import pytest
from django.db import connection

from enrollment.models import JoinLine, KindCode
from reviews.imports.bulk import bulk_insert
from reviews.services import submission_create
from siportal.core.db import ANALYZE_MIN_ROWS
from tests.enrollment.factories import open_unit

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def estimated_rows(model) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [model._meta.db_table])
        return cursor.fetchone()[0]


def lines(submission, n, prefix):
    return [JoinLine(submission=submission, id_number=f"{prefix}{i}", name="李四", employment_form="1", wage=1,
                     start_month="202601") for i in range(n)]


@pytest.fixture
def submission(agent, district_reviewer):
    open_unit(agent, district_reviewer)
    return submission_create(kind=KindCode.STAFF_ENROL, by=agent, unit=agent.unit)[0]


def test_a_big_load_in_chunks_is_analyzed_once_it_commits(submission, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for chunk in range(ANALYZE_MIN_ROWS // 2000):
            bulk_insert(JoinLine, lines(submission, 2000, f"C{chunk}-"))
    assert estimated_rows(JoinLine) >= ANALYZE_MIN_ROWS * 0.9


def test_a_small_write_is_left_to_autovacuum(submission, django_capture_on_commit_callbacks):
    before = estimated_rows(JoinLine)  # (statistics outlive a test's rolled-back transaction)
    with django_capture_on_commit_callbacks(execute=True):
        bulk_insert(JoinLine, lines(submission, 50, "S"))
    assert estimated_rows(JoinLine) == before
