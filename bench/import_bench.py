"""Benchmark of the batch import engine, run by ``make bench`` after the other figures (or alone:
``python bench/import_bench.py``). One line per figure: ``BENCH <name> <value> <unit>``.

For 10,000 and 100,000 rows of 职工新参保登记 on PostgreSQL: the time to merely read the file (calamine, every
cell of the mapped columns), the time of a whole import as the worker runs it (read + parse + the hall's rules
per row + registry checks in sets per chunk + the refused-rows file + ``bulk_create`` of the lines, one
transaction), and the peak memory (RSS) of that import's process. Each figure comes from a fresh subprocess so
the peak is the import's own. 1 % of the rows are bad, so the refused-rows file is written too.

The mapping is the real one (``enrollment/imports.py``, names ``import_new_enrolment_*``); where it is not
installed (or with ``IMPORT_BENCH_MAPPING=test``, to see the engine's own share) the engine's test mapping is used
instead and the names say ``testmapping``.
"""

import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import common  # noqa: E402  (bench/ is on the path)

SIZES = (10_000, 100_000)
DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")
HEADERS = {
    "staff_enrol": ["证件类型", "证件号码", "姓名", "民族", "户口性质", "用工形式", "参加工作日期", "缴费工资", "参保险种",
                    "参保年月", "手机号"],
    "test": ["证件类型", "证件号码", "姓名", "性别", "出生日期", "民族", "缴费工资", "参保年月", "手机号"],
}
NAMES = {"staff_enrol": "new_enrolment", "test": "testmapping"}


def _setup():
    common.django_setup()


def _mapping() -> str:
    """The real mapping when installed; ``IMPORT_BENCH_MAPPING=test`` measures the engine alone."""
    from reviews.imports.spec import get_import

    if os.environ.get("IMPORT_BENCH_MAPPING") == "test" or get_import("staff_enrol") is None:
        return "test"
    return "staff_enrol"


def make_file(path: Path, rows: int, mapping: str) -> None:
    """A filled template: valid, distinct IDs (999 per birth date), 1 % of the rows with a bad wage."""
    from django.utils import timezone
    from openpyxl import Workbook

    from tests.factories import make_id_number

    month = f"{timezone.localdate():%Y%m}"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("人员名单")
    sheet.append(HEADERS[mapping])
    start = date(1980, 1, 1)  # of working age: nobody past the statutory retirement age (refused pension)
    for i in range(rows):
        birth = (start + timedelta(days=i // 999)).strftime("%Y%m%d")
        number, name = make_id_number(birth, seq=i % 999 + 1), "职工" + f"{i:06d}".translate(DIGITS)
        wage = "六千" if i % 100 == 99 else 3000 + (i % 5000)
        if mapping == "staff_enrol":
            sheet.append(["01|居民身份证", number, name, "01|汉族", "11|本市城镇户口", "1|劳动合同制", "2000-07-01",
                          wage, "", month, f"139{i:08d}"])
        else:
            sheet.append(["01|居民身份证", number, name, "", "", "01|汉族", wage, month, f"139{i:08d}"])
    book.save(path)


def _opened_unit_agent():
    from django.utils import timezone

    from enrollment.models import KindCode, UnitInsurance
    from reviews.services import submission_create
    from tests import factories

    factories._seq = itertools.count(random.randint(1_000_000, 8_000_000))  # fresh names in every process
    city = factories.city()
    unit = factories.unit(region=factories.district(city, "990101", "东城区"))
    agent = factories.agent(unit)
    opening, _ = submission_create(kind=KindCode.UNIT_OPENING, by=agent, unit=unit)
    unit.opened_at, unit.unit_number = timezone.now(), f"B{unit.pk:09d}"
    unit.save(update_fields=["opened_at", "unit_number"])
    UnitInsurance.objects.bulk_create(UnitInsurance(unit=unit, insurance_type=t, start_month="202001",
                                                    opened_by=opening) for t in ("110", "210", "310", "410", "510"))
    return unit, agent


def _one(mode: str, path: str, rows: int) -> dict:
    """In a subprocess: time one read or one import of ``path``; report seconds and peak RSS."""
    _setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews.imports import testing
    from reviews.imports.pipeline import max_rows, open_source
    from reviews.imports.services import import_run, import_start
    from reviews.imports.spec import get_import
    from siportal.core.models import Job

    testing.register()
    spec = get_import(_mapping())
    if mode == "read":
        start = time.perf_counter()
        table = open_source(Path(path), spec, "bench.xlsx")
        count = sum(1 for _ in table.rows(max_rows=max_rows()))
        seconds = time.perf_counter() - start
        assert count == rows, count
    else:
        unit, agent = _opened_unit_agent()
        job = import_start(spec=spec, by=agent, unit=unit,
                           uploaded=SimpleUploadedFile("bench.xlsx", Path(path).read_bytes()))
        start = time.perf_counter()
        import_run(job_id=job.pk)
        seconds = time.perf_counter() - start
        job = Job.objects.get(pk=job.pk)
        assert job.status == Job.Status.DONE, job.message
        assert (job.accepted, job.refused) == (rows - rows // 100, rows // 100), job.result["errors"][:3]
    return {"seconds": seconds, "peak_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ``ru_maxrss``: that one survives exec and would report the parent's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(mode: str, path: Path, rows: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", mode, str(path), str(rows)], cwd=ROOT,
                         capture_output=True, text=True, env={**os.environ})
    if out.returncode:
        raise RuntimeError(f"bench {mode} of {rows} rows failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    mapping = _mapping()
    name = NAMES[mapping]
    with tempfile.TemporaryDirectory() as tmp:
        for rows in SIZES:
            path = Path(tmp) / f"import-{rows}.xlsx"
            make_file(path, rows, mapping)
            label = f"{rows // 1000}k"
            read = _measure("read", path, rows)
            print(f"BENCH import_read_only_{label} {read['seconds']:.2f} s", flush=True)
            run = _measure("import", path, rows)
            print(f"BENCH import_{name}_{label} {run['seconds']:.2f} s", flush=True)
            print(f"BENCH import_{name}_{label}_peak_rss {run['peak_mb']:.0f} MB", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(_one(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        _setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        main()
