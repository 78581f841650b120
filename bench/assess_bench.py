"""Benchmark of 单位应收核定 (``contributions.services.assessment.assessment_run``), run by ``make bench`` after the
other figures (or alone: ``python bench/assess_bench.py``). One line per figure: ``BENCH <name> <value> <unit>``.

Units of 10,000 insured staff each, every person paying 5 insurance types priced by 5 items (pension, unemployment,
medical, work injury by industry class, maternity); half the staff have a declared wage, the others are billed on
their enrolment wage. ``assess_10k_staff``: one unit's month (fresh, its partition created on the way);
``assess_10k_staff_rerun``: the same month again (unpaid lines replaced); ``assess_100k_staff``: ten units'
month one after the other (100,000 staff, 500,000 receivables). On PostgreSQL (``BENCH_DATABASE_URL``).
"""

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import common  # noqa: E402  (bench/ is on the path)

STAFF_PER_UNIT = 10_000
UNITS = 10
FEE_MONTH = 202506
TYPES = ("110", "210", "310", "410", "510")


def _setup():
    common.django_setup()


def _policy(city):
    from contributions.models import InjuryRate, Item, Policy

    policy, created = Policy.objects.get_or_create(region=city, start_month="202501",
                                                   defaults={"average_wage": Decimal("7800")})
    if created:
        for order, (code, unit_rate, personal_rate, by_class) in enumerate([
                ("110", "16", "8", False), ("210", "0.5", "0.5", False), ("310", "8", "2", False),
                ("410", "0", "0", True), ("510", "0.8", "0", False)]):
            Item.objects.create(policy=policy, category="employee", insurance_type=code, name=f"bench{code}",
                                order=order, unit_rate=Decimal(unit_rate), personal_rate=Decimal(personal_rate),
                                unit_rate_by_injury_class=by_class, amount_rounding="jiao_up")
        for cls in range(1, 9):
            InjuryRate.objects.create(policy=policy, industry_class=cls, rate=Decimal(cls) / 5)
    return policy


def _unit_with_staff(region, n: int):
    """A unit with ``STAFF_PER_UNIT`` paying staff, written with COPY (the import engine's bulk insert)."""
    from django.db import transaction

    from accounts.models import Person
    from contributions.models import WageBase
    from enrollment.models import Membership, UnitProfile
    from reviews.imports.bulk import bulk_insert
    from reviews.models import Submission
    from tests import factories

    unit = factories.unit(region=region, opened=True)
    with transaction.atomic():
        UnitProfile.objects.create(unit=unit, injury_class=1 + n % 8)
        submission = Submission.objects.create(number=f"ASSESS{n:010d}", kind="unit_opening", unit=unit,
                                               region=region, state="done", submitter=factories.agent(unit))
        bulk_insert(Person, [Person(id_type="99", id_number=f"B{n:03d}{i:07d}", name=f"职工{i}")
                             for i in range(STAFF_PER_UNIT)])
        person_ids = list(Person.objects.filter(id_number__startswith=f"B{n:03d}").values_list("pk", flat=True))
        bulk_insert(Membership, [
            Membership(person_id=pk, unit=unit, insurance_type=code, start_month="202401",
                       wage=Decimal(3000 + (i * 37) % 30000), last_action="enrol", last_submission=submission)
            for i, pk in enumerate(person_ids) for code in TYPES])
        bulk_insert(WageBase, [WageBase(person_id=pk, unit=unit, effective_month="202501",
                                        wage=Decimal(4000 + (i * 53) % 25000))
                               for i, pk in enumerate(person_ids) if i % 2 == 0])
    return unit


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    from accounts.models import Region
    from contributions.services.assessment import assessment_run
    from tests import factories

    city = Region.objects.filter(code="990100").first() or factories.city()
    region = Region.objects.filter(code="990199").first() or factories.district(city, "990199", "核定测试区")
    _policy(city)
    units = [_unit_with_staff(region, n) for n in range(UNITS)]
    from django.db import connection

    with connection.cursor() as cursor:  # a live database has planner statistics; a fresh bulk load has none yet
        cursor.execute("ANALYZE")

    seconds = _timed(lambda: assessment_run(unit=units[0], fee_month=FEE_MONTH))
    print(f"BENCH assess_10k_staff {seconds:.2f} s", flush=True)
    seconds = _timed(lambda: assessment_run(unit=units[0], fee_month=FEE_MONTH))
    print(f"BENCH assess_10k_staff_rerun {seconds:.2f} s", flush=True)

    def all_units():
        for unit in units:
            assessment_run(unit=unit, fee_month=FEE_MONTH + 1)

    print(f"BENCH assess_100k_staff {_timed(all_units):.2f} s", flush=True)


if __name__ == "__main__":
    _setup()
    from django.core.management import call_command

    if os.environ.get("ASSESS_BENCH_FRESH", "1") == "1":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        __import__("run").recreate_database()
    call_command("migrate", verbosity=0)
    main()
