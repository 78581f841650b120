"""Benchmarks, run by ``make bench``; one line per figure: ``BENCH <name> <value> <unit>``.

Uses ``BENCH_DATABASE_URL`` (default: PostgreSQL on this machine, database ``siportal_bench``, recreated each run).
Figures: the reviewer's queue page (first page of the admin changelist, with its count) at 10,000 and 100,000
submissions, an agent's 待办 with 300 items, and one take + approve through the workflow service; then the batch
import engine (bench/import_bench.py) and the load benchmark of the hall pages (bench/load.py, its own process,
server and database ``<BENCH_DATABASE_URL>_load``).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL",
                                            "postgres://postgres@127.0.0.1:5432/siportal_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siportal.settings.test")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ["ALLOWED_HOSTS"] = "testserver"
sys.path.insert(0, str(ROOT / "bench"))

from common import median_ms as timed  # noqa: E402  (also used by bench/submission_bench.py)


def recreate_database():
    import psycopg

    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def ok(response):
    assert response.status_code == 200, response.status_code
    return response




def main():
    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from reviews.models import Submission
    from reviews.services import submission_create, submission_transition
    from tests import factories

    call_command("migrate", verbosity=0)
    city = factories.city()
    east = factories.district(city, "990101", "东城区")
    west = factories.district(city, "990102", "西城区")
    units = [factories.unit(region=east if i % 2 else west) for i in range(20)]
    agents = [factories.agent(u) for u in units]
    reviewer = factories.reviewer(city, username="bench_reviewer")
    client = Client()
    client.force_login(reviewer)

    def seed(total):
        now = timezone.now()
        have = Submission.objects.count()
        rows = []
        for i in range(have, total):
            unit = units[i % len(units)]
            # a bulk load of history: rows arrive already submitted, as an import from a legacy system would
            rows.append(Submission(number=f"B{i:012d}", kind="unit_opening", unit=unit, region=unit.region,
                                   state="submitted",
                                   submitter=agents[i % len(agents)], submitted_at=now))
        Submission.objects.bulk_create(rows, batch_size=5000)

    for total in (10_000, 100_000):
        seed(total)
        ms = timed(lambda: ok(client.get("/admin/reviews/submission/")))
        print(f"BENCH reviewer_queue_page_{total // 1000}k {ms:.1f} ms", flush=True)
        ms = timed(lambda n=f"B{total - 7:012d}": ok(client.get("/admin/reviews/submission/", {"q": n})))
        print(f"BENCH reviewer_queue_search_{total // 1000}k {ms:.1f} ms", flush=True)

    agent_client = Client()
    agent_client.force_login(agents[0])
    for _ in range(300):
        submission_create(kind="unit_opening", by=agents[0], unit=units[0])
    ms = timed(lambda: ok(agent_client.get("/unit/tasks/todo/")))
    print(f"BENCH hall_todo_page_300 {ms:.1f} ms", flush=True)

    drafts = iter(Submission.objects.filter(unit=units[1]).order_by("id")[:20])

    def one_review():
        s = next(drafts)
        submission_transition(submission_id=s.pk, action="take", by=reviewer)
        submission_transition(submission_id=s.pk, action="return", by=reviewer, reason="bench")

    ms = timed(one_review, repeat=10)
    print(f"BENCH review_take_and_return {ms:.1f} ms", flush=True)


if __name__ == "__main__":
    main()
    __import__("import_bench").main()  # the batch import engine (bench/import_bench.py)
    __import__("assess_bench").main()  # 单位应收核定 at 10k and 100k staff (bench/assess_bench.py)
    __import__("wage_bench").main()  # 缴费基数申报: the page at 5k staff, the 100k-row import (bench/wage_bench.py)
    # the load benchmark and the 100,000-line submission run in processes of their own (own server and
    # settings; the submission bench recreates the database): bench/load.py, bench/submission_bench.py
    import subprocess

    from django.db import connections

    connections.close_all()  # persistent connections (CONN_MAX_AGE) would keep the bench database in use
    subprocess.run([sys.executable, str(ROOT / "bench" / "load.py")], check=True)
    subprocess.run([sys.executable, str(ROOT / "bench" / "submission_bench.py")], check=True)
