"""Benchmark of a big submission (run by ``make bench`` after the other figures, or alone:
``python bench/submission_bench.py``). One line per figure: ``BENCH <name> <value> <unit>``.

One 职工新参保登记 of 100,000 lines (written with COPY, as the batch import does): the agent's draft page, the
agent's detail page and the reviewer's review page (median of 5, each showing counts and one page of lines), then
submit, take and approve through the workflow service (the approval runs ``apply()``: persons, memberships and
their history for every line, one transaction).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
LINES = int(os.environ.get("SUBMISSION_BENCH_LINES", "100000"))


def _rows(count: int, start_month: str):
    from datetime import date
    from decimal import Decimal

    from enrollment.models import JoinLine
    from tests import factories

    births = [f"19{85 + y % 15:02d}{1 + y % 12:02d}{1 + y % 28:02d}" for y in range(count // 900 + 1)]
    digits = str.maketrans("0123456789", "零一二三四五六七八九")
    for i in range(count):
        number = factories.make_id_number(birth=births[i // 900], seq=i % 900 + 1)
        yield JoinLine(id_type="01", id_number=number, name="职工" + str(i).translate(digits), sex="1" if int(number[16]) % 2 else "2",
                       birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                       ethnicity="01", hukou_type="11", mobile="", employment_form="1",
                       work_start_date=date(int(number[6:10]) + 20, 7, 1), wage=Decimal("6500.00"),
                       insurance_types=["110", "210", "310", "410", "510"], start_month=start_month)


def main():
    import run

    run.recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from reviews.imports.bulk import bulk_insert
    from reviews.services import submission_create, submission_transition
    from siportal.core.validators import month_of
    from tests import factories
    from tests.enrollment import factories as ef

    call_command("migrate", verbosity=0)
    city = factories.city()
    east = factories.district(city, "990101", "东城区")
    unit = factories.unit(region=east)
    agent = factories.agent(unit)
    reviewer = factories.reviewer(city, username="bench_reviewer")
    ef.open_unit(agent, reviewer)
    submission, _ = submission_create(kind="staff_enrol", by=agent, unit=unit)
    lines = []
    for line in _rows(LINES, month_of(timezone.localdate())):
        line.submission = submission
        lines.append(line)
    bulk_insert(type(lines[0]), lines)
    del lines
    name = f"{LINES // 1000}k_lines"

    agent_client, review_client = Client(), Client()
    agent_client.force_login(agent)
    review_client.force_login(reviewer)
    ms = run.timed(lambda: run.ok(agent_client.get(f"/unit/staff/enrol/{submission.pk}/")))
    print(f"BENCH submission_draft_{name} {ms:.1f} ms", flush=True)
    ms = run.timed(lambda: run.ok(agent_client.get(f"/unit/tasks/{submission.pk}/")))
    print(f"BENCH submission_detail_{name} {ms:.1f} ms", flush=True)

    start = time.perf_counter()
    submission_transition(submission_id=submission.pk, action="submit", by=agent)
    print(f"BENCH submit_{name} {time.perf_counter() - start:.1f} s", flush=True)
    ms = run.timed(lambda: run.ok(review_client.get(f"/admin/reviews/submission/{submission.pk}/change/")))
    print(f"BENCH submission_review_{name} {ms:.1f} ms", flush=True)
    start = time.perf_counter()
    submission_transition(submission_id=submission.pk, action="take", by=reviewer)
    done = submission_transition(submission_id=submission.pk, action="approve", by=reviewer)
    assert done.state == "done", done.state
    print(f"BENCH approve_{name} {time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL",
                                                "postgres://postgres@127.0.0.1:5432/siportal_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siportal.settings.test")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    main()
