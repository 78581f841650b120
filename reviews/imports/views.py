"""Unit-hall pages of batch imports: the list (templates, upload, the unit's import jobs), one job's page (live
progress, then the result), its progress JSON, the refused-rows download, and the repeated-file question.

Thin: ``unit_hall(agent=True)`` sets the tenant, ``selectors.hall_import_jobs`` scopes every job query, the
services do every change.
"""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.tenancy import unit_hall
from siportal.core.http import file_response, no_store

from . import selectors, services
from .forms import ImportUploadForm
from .progress import job_recover
from .services import ImportRefused
from .spec import all_imports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _spec_or_404(request, code):
    for spec in selectors.hall_import_specs(request):
        if spec.code == code:
            return spec
    raise Http404


@unit_hall(agent=True)
def import_list(request):
    return _render_list(request, None, current="")


def _render_list(request, form, current):
    """The list page; ``form`` (with its errors) belongs to the import ``current``, the others get blank forms."""
    entries = [{"spec": spec, "form": form if spec.code == current else _blank_form(spec)}
               for spec in selectors.hall_import_specs(request)]
    page = Paginator(selectors.hall_import_jobs(request), 20).get_page(request.GET.get("page"))
    labels = {spec.job_kind: spec.label for spec in all_imports()}
    for job in page:
        job.spec_label = labels.get(job.kind, job.kind)
    return render(request, "reviews/imports/list.html", {"entries": entries, "page": page})


def _blank_form(spec):
    return ImportUploadForm(auto_id=f"id_{spec.code}_%s")


@unit_hall(agent=True)
def import_template(request, code):
    spec = _spec_or_404(request, code)
    buffer = io.BytesIO()
    services.import_template(spec=spec, target=buffer, unit=request.unit)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=_("%(label)s模板.xlsx") % {"label": spec.label},
                        content_type=XLSX)


@require_POST
@unit_hall(agent=True)
def import_upload(request, code):
    spec = _spec_or_404(request, code)
    form = ImportUploadForm(request.POST, request.FILES, auto_id=f"id_{spec.code}_%s")
    if form.is_valid():
        try:
            job = services.import_start(spec=spec, by=request.user, unit=request.unit,
                                        uploaded=form.cleaned_data["file"], submit=form.cleaned_data["submit"])
        except ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("unit:import_job", pk=job.pk)
    return _render_list(request, form, current=spec.code)


@no_store  # the refused rows' reasons quote cell values (ID numbers)
@unit_hall(agent=True)
def import_job(request, pk):
    job = get_object_or_404(selectors.hall_import_jobs(request), pk=pk)
    job_recover(job)
    previous = None
    if job.status == job.Status.PENDING and job.result.get("duplicate_of"):
        previous = selectors.hall_import_jobs(request).filter(pk=job.result["duplicate_of"]).first()
    context = {"job": job, "spec": selectors.spec_of(job), "progress": selectors.job_progress(job),
               "previous": previous, "errors": job.result.get("errors", [])[:200],
               "reupload_form": ImportUploadForm(auto_id="id_reupload_%s")}
    return render(request, "reviews/imports/job.html", context)


@never_cache
@unit_hall(agent=True)
def import_progress(request, pk):
    job = get_object_or_404(selectors.hall_import_jobs(request), pk=pk)
    job_recover(job)
    return JsonResponse(selectors.job_progress(job))


@unit_hall(agent=True)
def import_refused(request, pk):
    job = get_object_or_404(selectors.hall_import_jobs(request), pk=pk)
    if not job.output:
        raise Http404
    stem = job.file_name.rsplit(".", 1)[0] or "import"
    return file_response(job.output, content_type=XLSX, filename=_("%(name)s-失败行.xlsx") % {"name": stem})


@require_POST
@unit_hall(agent=True)
def import_confirm(request, pk):
    job = get_object_or_404(selectors.hall_import_jobs(request), pk=pk)
    services.import_confirm(job=job)
    return redirect("unit:import_job", pk=job.pk)


@require_POST
@unit_hall(agent=True)
def import_cancel(request, pk):
    job = get_object_or_404(selectors.hall_import_jobs(request), pk=pk)
    try:
        services.import_cancel(job=job)
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("unit:import_job", pk=job.pk)
    messages.info(request, _("已取消,该文件没有再次导入。"))
    return redirect("unit:imports")
