"""The 单位应收核定 summary (hall detail and the reviewer's page): month, reason, and — until approval — the
month's preview (totals, per-item totals, a page of charged persons with every item, a page of excluded persons
and why); once approved, what the run wrote. One preview per page view: queries do not grow with staff."""

from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.core.paginator import Paginator

from reviews.models import OPEN_STATES, State

from ..models import AssessmentRun
from ..services.assessment import assessment_preview
from ..services.compute import ContributionError

register = template.Library()

PAGE_SIZE = 20
ZERO = Decimal("0.00")


@dataclass
class ItemTotal:
    name: str
    insurance_type: str
    persons: int = 0
    unit: Decimal = ZERO
    personal: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.unit + self.personal


def _item_totals(preview) -> list[ItemTotal]:
    totals: dict[int, ItemTotal] = {}
    for person in preview.charged:
        for line in person.breakdown.lines:
            row = totals.setdefault(line.item_id, ItemTotal(line.name, line.insurance_type))
            row.persons += 1
            row.unit += line.unit_amount
            row.personal += line.personal_amount
    return list(totals.values())


def _page(request, items, param):
    number = request.GET.get(param) if request is not None else None
    page = Paginator(items, PAGE_SIZE).get_page(number)
    query = request.GET.copy() if request is not None else None

    def url(n):
        if query is None:
            return ""
        query[param] = n
        return "?" + query.urlencode()

    page.prev_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    page.param = param
    return page


@register.inclusion_tag("contributions/_assessment_summary.html", takes_context=True)
def assessment_summary(context, submission, line):
    request = context.get("request")
    result = {"submission": submission, "line": line, "ns": context.get("ns", ""), "run": None, "preview": None,
              "error": ""}
    if line is None:
        return result
    if submission.state == State.DONE:
        result["run"] = AssessmentRun.objects.filter(submission=submission).order_by("-id").first()
    elif submission.state in OPEN_STATES:
        try:
            preview = assessment_preview(unit=submission.unit, fee_month=line.fee_month)
        except ContributionError as exc:
            result["error"] = str(exc)
        else:
            result.update(preview=preview, item_totals=_item_totals(preview),
                          charged=_page(request, preview.charged, "charged_page"),
                          excluded=_page(request, preview.excluded, "excluded_page"))
    return result


@register.filter
def insurance_labels(codes) -> str:
    """["110", "310"] → "企业职工基本养老保险、职工基本医疗保险"."""
    from siportal.core.codes import InsuranceType

    labels = dict(InsuranceType.choices)
    return "、".join(str(labels.get(code, code)) for code in codes or [])
