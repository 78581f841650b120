"""Receivables are partitioned by fee month on PostgreSQL: partitions are created ahead by the beat task and on
demand, an assessment writes one partition, and a month's query reads one partition."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from contributions.models import Receivable
from contributions.partitioning import partition_name, partitions
from contributions.services.assessment import assessment_run
from contributions.services.partitions import receivable_partitions_ensure
from contributions.tasks import receivable_partitions_ensure_task
from tests.enrollment import factories as ef

pytestmark = pytest.mark.django_db


def test_beat_creates_partitions_ahead_every_day():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values()
                 if e["task"] == "contributions.tasks.receivable_partitions_ensure_task")
    assert entry["schedule"] <= 86400


@pytest.mark.postgres
def test_partitions_created_ahead_once():
    created = receivable_partitions_ensure(today=date(2031, 11, 20), months_ahead=3)
    assert created == [203111, 203112, 203201, 203202]
    assert receivable_partitions_ensure(today=date(2031, 11, 20), months_ahead=3) == []
    assert {partition_name(m) for m in created} <= set(partitions())
    receivable_partitions_ensure_task()  # this month and the next ones, from the setting
    assert len(partitions()) >= 4 + settings.RECEIVABLE_PARTITIONS_AHEAD + 1


@pytest.mark.postgres
def test_assessment_writes_one_partition_and_a_month_query_reads_one(staff_policy, staff, opened):
    month = int(ef.this_month(-1))
    assessment_run(unit=opened, fee_month=month)
    assessment_run(unit=opened, fee_month=int(ef.this_month()))
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = 'contributions_receivable'")
        assert cursor.fetchone()[0] == "p"  # a partitioned table
        cursor.execute("SELECT tableoid::regclass::text, count(*) FROM contributions_receivable "
                       "WHERE fee_month = %s GROUP BY 1", [month])
        assert cursor.fetchall() == [(partition_name(month), 10)]
        sql, params = Receivable.objects.filter(fee_month=month, unit=opened).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert partition_name(month) in plan
    assert partition_name(int(ef.this_month())) not in plan
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                       "'contributions_receivable'::regclass AND contype = 'p'")
        assert cursor.fetchone()[0] == "PRIMARY KEY (id, fee_month)"
