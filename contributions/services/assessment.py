"""单位应收核定: who of a unit is charged for a fee month and how much (preview), and writing the month's
receivables (run). Bulk throughout: the number of queries does not depend on the number of staff.

A person is charged for the insurance types whose membership in the unit covers the month (start month ≤ fee
month < stop month). The base is the latest declared wage (``WageBase``) or, failing that, the wage recorded at
enrolment (``Membership.wage``); when that base was set before the policy period of the fee month (the unit did
not declare for this period), the policy's non-declaration rule applies (the last base, or a percentage of it).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Person, Unit
from enrollment.models import Membership, UnitInsurance, UnitProfile
from siportal.core.codes import PaymentStatus
from siportal.core.validators import month_of, validate_month

from ..models import AssessmentRun, PersonCategory, Policy, Receivable, ReceivableStatus, UndeclaredRule
from ..partitioning import partition_ensure
from ..selectors import wage_bases_in_force
from .compute import ZERO, Breakdown, rate_table_load

EXCLUSION_REASONS = {
    "not_started": gettext_lazy("尚未开始参保"),
    "stopped": gettext_lazy("已停保"),
    "no_base": gettext_lazy("没有缴费基数"),
    "no_items": gettext_lazy("所参险种没有配置缴费项目"),
}


@dataclass
class ChargedPerson:
    person_id: int
    wage: Decimal | None  # the base before clamping (after the non-declaration rule)
    wage_month: str  # the month that wage was declared for ("" when none was needed)
    undeclared: bool  # the non-declaration rule was applied
    breakdown: Breakdown
    name: str = ""
    id_number: str = ""


@dataclass
class ExcludedPerson:
    person_id: int
    reason: str
    insurance_types: list[str]
    name: str = ""
    id_number: str = ""

    @property
    def reason_label(self) -> str:
        return str(EXCLUSION_REASONS[self.reason])


@dataclass
class AssessmentPreview:
    unit: Unit
    fee_month: int
    policy: Policy
    charged: list[ChargedPerson] = field(default_factory=list)
    excluded: list[ExcludedPerson] = field(default_factory=list)

    @property
    def unit_total(self) -> Decimal:
        return sum((c.breakdown.unit_total for c in self.charged), ZERO)

    @property
    def personal_total(self) -> Decimal:
        return sum((c.breakdown.personal_total for c in self.charged), ZERO)

    @property
    def total(self) -> Decimal:
        return self.unit_total + self.personal_total


def fee_month_validate(*, unit, value) -> int:
    """A fee month (费款所属期) the unit may be assessed for: a valid ``yyyyMM``, not before the unit was opened,
    not after the current month. Returns it as an int; raises ``ValidationError`` with a Chinese message."""
    month = validate_month(value)
    opened = UnitInsurance.objects.filter(unit=unit).order_by("start_month").values_list("start_month", flat=True)
    first = opened.first()
    if first is None:
        raise ValidationError(_("单位尚未完成参保登记,不能核定应收"))
    if month < first:
        raise ValidationError(_("费款所属期%(month)s早于单位参保年月%(first)s") % {"month": month, "first": first})
    if month > month_of(timezone.localdate()):
        raise ValidationError(_("费款所属期%(month)s晚于当前月份") % {"month": month})
    return int(month)


def _membership_state(status: str, start: str, stop: str, month: str) -> str:
    if start > month:
        return "not_started"
    if (stop and stop <= month) or (not stop and status != PaymentStatus.PAYING):
        return "stopped"
    return "paying"


def assessment_preview(*, unit, fee_month, with_names: bool = True) -> AssessmentPreview:
    """Who of ``unit`` is charged for ``fee_month`` (int or ``"yyyyMM"``), with each person's breakdown, and who
    is excluded and why. Reads only; raises ``ContributionError`` when the configuration cannot price the month."""
    month = str(fee_month)
    table = rate_table_load(region=unit.region, month=month, category=PersonCategory.EMPLOYEE)
    policy = table.policy
    injury_class = UnitProfile.objects.filter(unit=unit).values_list("injury_class", flat=True).first()
    paying: dict[int, list[str]] = defaultdict(list)
    other: dict[int, tuple[str, list[str]]] = {}
    enrol_wage: dict[int, tuple[Decimal, str]] = {}
    rows = Membership.objects.filter(unit=unit).values_list("person_id", "insurance_type", "status", "start_month",
                                                            "stop_month", "wage")
    for person_id, insurance_type, status, start, stop, wage in rows:
        state = _membership_state(status, start, stop, month)
        if state == "paying":
            paying[person_id].append(insurance_type)
            if wage is not None and (person_id not in enrol_wage or start > enrol_wage[person_id][1]):
                enrol_wage[person_id] = (wage, start)
        else:
            reason, types = other.get(person_id, (state, []))
            types.append(insurance_type)
            other[person_id] = (reason, types)
    declared = wage_bases_in_force(unit=unit, month=month)
    preview = AssessmentPreview(unit=unit, fee_month=int(month), policy=policy)
    for person_id, reason_types in other.items():
        if person_id not in paying:
            preview.excluded.append(ExcludedPerson(person_id, reason_types[0], sorted(reason_types[1])))
    for person_id, types in paying.items():
        types.sort()
        items = table.items_for(types)
        if not items:
            preview.excluded.append(ExcludedPerson(person_id, "no_items", types))
            continue
        candidates = [c for c in (declared.get(person_id), enrol_wage.get(person_id)) if c is not None]
        wage, wage_month, undeclared = None, "", False
        if candidates:
            wage, wage_month = max(candidates, key=lambda c: c[1])
            if wage_month < policy.start_month:
                undeclared = True
                if policy.undeclared_rule == UndeclaredRule.PERCENT:
                    wage = (wage * policy.undeclared_percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        elif any(item.base_source == "wage" for item in items):
            preview.excluded.append(ExcludedPerson(person_id, "no_base", types))
            continue
        breakdown = table.compute(insurance_types=types, wage=wage, injury_class=injury_class)
        preview.charged.append(ChargedPerson(person_id, wage, wage_month, undeclared, breakdown))
    if with_names:
        _add_names(preview)
    return preview


def _add_names(preview: AssessmentPreview) -> None:
    ids = [c.person_id for c in preview.charged] + [e.person_id for e in preview.excluded]
    names = {pk: (name, number) for pk, name, number in
             Person.objects.filter(pk__in=ids).values_list("pk", "name", "id_number")}
    for row in [*preview.charged, *preview.excluded]:
        row.name, row.id_number = names.get(row.person_id, ("", ""))
    preview.charged.sort(key=lambda c: (c.name, c.person_id))
    preview.excluded.sort(key=lambda e: (e.name, e.person_id))


def assessment_run(*, unit, fee_month, by=None, submission=None) -> AssessmentRun:
    """Write the receivables of ``unit`` for ``fee_month`` (int yyyyMM) and return the run.

    Steps, in one transaction: lock the unit (runs of one unit never interleave); compute the preview; delete the
    unit's unpaid lines of the month; insert one line per charged person × item (COPY on PostgreSQL, see ``_receivables_write``), except
    where a paid line already exists — paid lines are never touched, so running again replaces, never doubles.
    The month's partition is created first when missing (PostgreSQL)."""
    month = int(fee_month)
    partition_ensure(month)
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk").get()
        preview = assessment_preview(unit=unit, fee_month=month, with_names=False)
        mine = Receivable.objects.filter(fee_month=month, unit_id=unit.pk)
        paid = set(mine.filter(status=ReceivableStatus.PAID).values_list("person_id", "item_id"))
        mine.filter(status=ReceivableStatus.UNPAID).delete()
        run = AssessmentRun.objects.create(unit=unit, fee_month=month, policy=preview.policy, by=by,
                                           submission=submission)
        now = timezone.now()
        rows, unit_total, personal_total = [], ZERO, ZERO
        for charged in preview.charged:
            for line in charged.breakdown.lines:
                if (charged.person_id, line.item_id) in paid:
                    continue
                rows.append((month, unit.pk, charged.person_id, line.insurance_type, line.item_id, line.base,
                             line.unit_amount, line.personal_amount, line.account_amount, ReceivableStatus.UNPAID,
                             run.pk, now))
                unit_total += line.unit_amount
                personal_total += line.personal_amount
        _receivables_write(rows)
        run.persons, run.lines = len(preview.charged), len(rows)
        run.unit_total, run.personal_total = unit_total, personal_total
        run.save(update_fields=["persons", "lines", "unit_total", "personal_total"])
    return run


_COLUMNS = ("fee_month", "unit_id", "person_id", "insurance_type", "item_id", "base", "unit_amount",
            "personal_amount", "account_amount", "status", "run_id", "created_at")


def _receivables_write(rows: list[tuple]) -> None:
    """Insert receivable rows (tuples in ``_COLUMNS`` order): COPY on PostgreSQL straight from the tuples (no
    model instances: 10,000 staff × 5 items would spend most of the run building them), ``bulk_create`` else."""
    if connection.vendor != "postgresql":
        Receivable.objects.bulk_create([Receivable(**dict(zip(_COLUMNS, row, strict=True))) for row in rows],
                                       batch_size=2000)
        return
    table = connection.ops.quote_name(Receivable._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
