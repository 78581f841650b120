"""Unit-hall pages of contributions: 应收查询 (the unit's receivables by fee month, person and item, with
totals) and its Excel export. Every query goes through ``selectors.hall_receivables`` (the hall's unit only)."""

import tempfile

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.tenancy import unit_hall
from enrollment.selectors import unit_insurance_types
from siportal.core.http import no_store
from siportal.core.services import audit_record

from .forms import ReceivableQueryForm
from .selectors import hall_receivables, receivables_by_month, receivables_totals
from .services.receivables import receivables_export

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

unit_agent = unit_hall(agent=True, opened=True)


def _filtered(request):
    """``(form, queryset)``: the query form on the GET parameters and the receivables it selects (none when the
    form has errors, so a wrong month never shows everything)."""
    form = ReceivableQueryForm(request.GET or None, insurance_types=unit_insurance_types(request.unit))
    if not form.is_bound:
        return form, hall_receivables(request)
    if not form.is_valid():
        return form, hall_receivables(request).none()
    data = form.cleaned_data
    return form, hall_receivables(request, month_from=data["month_from"], month_to=data["month_to"],
                                  insurance_type=data["insurance_type"])


@no_store
@unit_agent
def receivables(request):
    form, qs = _filtered(request)
    rows = qs.select_related("person", "item").order_by("-fee_month", "person__name", "person_id", "item__order",
                                                         "item_id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "totals": receivables_totals(qs), "months": receivables_by_month(qs),
               "export_query": request.GET.urlencode()}
    return render(request, "contributions/receivables.html", context)


@no_store
@unit_agent
def receivables_download(request):
    form, qs = _filtered(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("查询条件有误,请修改后再导出。"))
        return redirect(reverse("unit:receivables") + "?" + request.GET.urlencode())
    data = form.cleaned_data if form.is_bound else {}
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    count = receivables_export(target, qs)
    target.seek(0)
    audit_record(actor=request.user, action="receivables.exported", obj=request.unit, request=request,
                 detail=f"{count} rows {request.GET.urlencode()}"[:500])
    span = "-".join(str(data[k]) for k in ("month_from", "month_to") if data.get(k))
    filename = _("应收明细%(span)s.xlsx") % {"span": span}
    return FileResponse(target, as_attachment=True, filename=filename, content_type=XLSX)
