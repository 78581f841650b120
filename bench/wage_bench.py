"""Benchmark of 缴费基数申报 (``contributions/declaration``), run by ``make bench`` after 单位应收核定 (or alone:
``python bench/wage_bench.py``). One line per figure: ``BENCH <name> <value> <unit>``.

``base_declaration_page_5k``: the agent's draft page of a unit of 5,000 paying staff (5 types each, half with a
declared wage) — a new declaration (the first page of the staff list with the last wages), median of 5;
``base_declaration_draft_5k``: the edit page of a declaration already holding 2,500 priced lines (lines page,
totals, the remaining staff). ``wage_import_100k`` and its peak RSS: 100,000 rows of 批量年度工资申报 through the
import engine in a fresh subprocess (a unit of 100,000 paying staff; 1 % of the rows with a bad wage), as the
worker runs it. On PostgreSQL (``BENCH_DATABASE_URL``).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import common  # noqa: E402  (bench/ is on the path)

TYPES = ("110", "210", "310", "410", "510")


def _setup():
    common.django_setup(test_client=True)


def _unit_with_staff(region, tag: str, staff: int):
    """An opened unit with ``staff`` paying staff (COPY), half with a declared wage; its agent."""
    from django.db import transaction

    from accounts.models import Person
    from contributions.models import WageBase
    from enrollment.models import Membership, UnitProfile
    from reviews.imports.bulk import bulk_insert
    from reviews.models import Submission
    from tests import factories

    unit = factories.unit(region=region, opened=True)
    agent = factories.agent(unit)
    with transaction.atomic():
        UnitProfile.objects.create(unit=unit, injury_class=1)
        submission = Submission.objects.create(number=f"WAGE{tag}", kind="unit_opening", unit=unit,
                                               region=region, state="done", submitter=agent)
        bulk_insert(Person, [Person(id_type="99", id_number=f"W{tag}{i:07d}", name=f"职工{i}")
                             for i in range(staff)])
        ids = list(Person.objects.filter(id_number__startswith=f"W{tag}").order_by("pk").values_list("pk", flat=True))
        bulk_insert(Membership, [
            Membership(person_id=pk, unit=unit, insurance_type=code, start_month="202401",
                       wage=Decimal(3000 + (i * 37) % 30000), last_action="enrol", last_submission=submission)
            for i, pk in enumerate(ids) for code in TYPES])
        bulk_insert(WageBase, [WageBase(person_id=pk, unit=unit, effective_month="202501",
                                        wage=Decimal(4000 + (i * 53) % 25000))
                               for i, pk in enumerate(ids) if i % 2 == 0])
    return unit, agent, ids




def _ok(response):
    assert response.status_code == 200, response.status_code
    return response


def page_bench(region) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from reviews.drafts import draft_lines_add
    from siportal.core.validators import month_add, month_of

    unit, agent, ids = _unit_with_staff(region, "P", 5_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(agent)
    new = reverse("unit:submission_new", kwargs={"kind": "wage_declaration"})
    _ok(client.get(new))
    print(f"BENCH base_declaration_page_5k {common.median_ms(lambda: _ok(client.get(new))):.1f} ms", flush=True)
    from django.utils import timezone

    month = month_add(month_of(timezone.localdate()), 1)
    draft, _added = draft_lines_add(kind="wage_declaration", by=agent, owner=unit, rows=[
        {"person_id": pk, "wage": Decimal(5000 + i), "effective_month": month} for i, pk in enumerate(ids[:2500])])
    edit = reverse("unit:submission_edit", kwargs={"pk": draft.pk})
    _ok(client.get(edit))
    print(f"BENCH base_declaration_draft_5k {common.median_ms(lambda: _ok(client.get(edit))):.1f} ms", flush=True)


def make_file(path: Path, numbers: list[str]) -> None:
    """The filled template: every person of the unit with a new wage, 1 % of the rows with a bad wage."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("缴费工资申报")
    sheet.append(["证件号码", "姓名", "上次申报工资", "本次缴费工资", "生效年月"])
    for i, number in enumerate(numbers):
        sheet.append([number, f"职工{i}", None, "一万" if i % 100 == 99 else 4000 + (i * 7) % 20000, None])
    book.save(path)


def _import_once(path: str, unit_pk: int, agent_pk: int) -> dict:
    """In a subprocess: one import as the worker runs it; seconds and peak RSS."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from import_bench import _peak_rss_mb

    from accounts.models import Unit, User
    from reviews.imports.services import import_run, import_start
    from reviews.imports.spec import get_import

    unit, agent = Unit.objects.get(pk=unit_pk), User.objects.get(pk=agent_pk)
    with open(path, "rb") as f:
        upload = SimpleUploadedFile("工资.xlsx", f.read())
    job = import_start(spec=get_import("wage_declaration"), by=agent, unit=unit, uploaded=upload)
    start = time.perf_counter()
    import_run(job_id=job.pk)
    seconds = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == "done", (job.status, job.message)
    assert (job.accepted, job.refused) == (99_000, 1_000), job.result["errors"][:3]
    return {"seconds": seconds, "peak_mb": _peak_rss_mb()}


def import_bench(region) -> None:
    from django.db import connection

    from accounts.models import Person

    unit, agent, ids = _unit_with_staff(region, "I", 100_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    numbers = list(Person.objects.filter(pk__in=ids).order_by("pk").values_list("id_number", flat=True))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wages.xlsx"
        make_file(path, numbers)
        out = subprocess.run([sys.executable, __file__, "--import", str(path), str(unit.pk), str(agent.pk)],
                             check=True, capture_output=True, text=True, env=os.environ.copy())
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"BENCH wage_import_100k {result['seconds']:.2f} s", flush=True)
    print(f"BENCH wage_import_100k_peak_rss {result['peak_mb']:.0f} MB", flush=True)


def main() -> None:
    from assess_bench import _policy

    from accounts.models import Region
    from tests import factories

    city = Region.objects.filter(code="990100").first() or factories.city()
    region = Region.objects.filter(code="990198").first() or factories.district(city, "990198", "申报测试区")
    _policy(city)
    page_bench(region)
    if os.environ.get("WAGE_BENCH_IMPORT", "1") == "1":
        import_bench(region)


if __name__ == "__main__":
    _setup()
    if sys.argv[1:2] == ["--import"]:
        print(json.dumps(_import_once(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
        sys.exit(0)
    from django.core.management import call_command

    if os.environ.get("WAGE_BENCH_FRESH", "1") == "1":
        __import__("run").recreate_database()
    call_command("migrate", verbosity=0)
    main()
