"""Queries of contributions: the policy in force for a region and month (a district inherits its city's), the
policies of a year, the declared wage bases in force, a unit's receivables."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Sum

from accounts.tenancy import hall_scope

from .models import Policy, Receivable, WageBase


def _ancestor_codes(region) -> list[str]:
    return [code for code in region.path.split("/") if code]


def _region_policies(region) -> list[Policy]:
    """Every policy of ``region`` and its ancestors, nearest region first, newest first (one query)."""
    policies = list(Policy.objects.filter(region__code__in=_ancestor_codes(region)).select_related("region"))
    policies.sort(key=lambda p: (len(p.region.path), p.start_month), reverse=True)
    return policies


def _resolve(policies: list[Policy], month: str) -> Policy | None:
    """The policy in force in ``month``: of the nearest region that has one started by then, the latest."""
    return next((p for p in policies if p.start_month <= month), None)


def policy_in_force(*, region, month) -> Policy | None:
    """The policy of ``region`` for ``month`` (``"yyyyMM"`` or int), or None when none is configured."""
    return _resolve(_region_policies(region), str(month))


@dataclass(frozen=True)
class PolicySpan:
    policy: Policy
    first_month: str
    last_month: str


def policies_of_year(*, region, year: int) -> list[PolicySpan]:
    """The policies in force during ``year`` in ``region``, each with the months of that year it covers."""
    policies = _region_policies(region)
    spans: list[PolicySpan] = []
    for m in range(1, 13):
        month = f"{year:04d}{m:02d}"
        policy = _resolve(policies, month)
        if policy is None:
            continue
        if spans and spans[-1].policy.pk == policy.pk:
            spans[-1] = PolicySpan(policy, spans[-1].first_month, month)
        else:
            spans.append(PolicySpan(policy, month, month))
    return spans


def wage_bases_in_force(*, unit, month, person_ids=None) -> dict[int, tuple]:
    """person id → (wage, effective month) of the latest declaration in ``unit`` effective by ``month``; one
    query whatever the number of persons."""
    qs = WageBase.objects.filter(unit=unit, effective_month__lte=str(month))
    if person_ids is not None:
        qs = qs.filter(person_id__in=list(person_ids))
    rows = qs.order_by("person_id", "-effective_month").values_list("person_id", "wage", "effective_month")
    if connection.vendor == "postgresql":
        rows = rows.distinct("person_id")
    result: dict[int, tuple] = {}
    for person_id, wage, effective in rows:
        result.setdefault(person_id, (wage, effective))
    return result


def hall_receivables(request, *, month_from: int | None = None, month_to: int | None = None,
                     insurance_type: str = ""):
    """The current hall's receivables (a unit's only: ``hall_scope``), filtered by fee-month range and type."""
    qs = hall_scope(Receivable.objects.all(), request)
    if month_from:
        qs = qs.filter(fee_month__gte=month_from)
    if month_to:
        qs = qs.filter(fee_month__lte=month_to)
    if insurance_type:
        qs = qs.filter(insurance_type=insurance_type)
    return qs


def receivables_totals(queryset) -> dict:
    """Lines, persons and the unit / personal sums of ``queryset`` (one query)."""
    totals = queryset.order_by().aggregate(lines=Count("id"), persons=Count("person_id", distinct=True),
                                           unit=Sum("unit_amount"), personal=Sum("personal_amount"))
    totals["unit"] = totals["unit"] or Decimal("0.00")
    totals["personal"] = totals["personal"] or Decimal("0.00")
    totals["total"] = totals["unit"] + totals["personal"]
    return totals


def receivables_by_month(queryset) -> list[dict]:
    """Per fee month, newest first: persons, lines and sums (one query)."""
    rows = (queryset.order_by().values("fee_month")
            .annotate(lines=Count("id"), persons=Count("person_id", distinct=True), unit=Sum("unit_amount"),
                      personal=Sum("personal_amount")).order_by("-fee_month"))
    return [{**row, "total": row["unit"] + row["personal"]} for row in rows]
