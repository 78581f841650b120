"""Queries of batch imports in the unit hall: every one goes through ``hall_scope`` on the job's ``unit`` (set when
the job is created, not the starting agent's current unit), so another unit's job id is a 404 — also for an agent
who has moved to another unit since."""

from django.utils.translation import gettext_lazy as _

from accounts.tenancy import hall_scope
from siportal.core.models import Job

from .spec import all_imports, get_import

STAGE_LABELS = {"read": _("读取文件"), "validate": _("校验数据"), "write": _("写入业务"), "submit": _("提交审批"),
                "done": _("已完成")}


def hall_import_jobs(request):
    jobs = Job.objects.filter(kind__startswith="import:").select_related("created_by")
    return hall_scope(jobs, request, unit_field="unit", person_field="created_by__person")


OPEN_STATUSES = (Job.Status.PENDING, Job.Status.QUEUED, Job.Status.RUNNING)


def hall_open_import_jobs(request, limit: int = 10) -> list:
    """The hall's imports still under way or awaiting the agent's answer, newest first, each with its label —
    shown in 待办 and 办事列表 so that a job left running is found again from the task lists."""
    jobs = list(hall_import_jobs(request).filter(status__in=OPEN_STATUSES)[:limit])
    for job in jobs:
        spec = spec_of(job)
        job.spec_label = spec.label if spec else job.kind
    return jobs


def hall_import_specs(request) -> list:
    """The imports this unit may start now (their submission kind's ``may_start``)."""
    from reviews.registry import get_kind

    specs = []
    for spec in all_imports():
        kind = get_kind(spec.kind, missing_ok=True)
        if kind is not None and kind.hall == "unit" and kind.may_start(request.unit):
            specs.append(spec)
    return specs


def spec_of(job: Job):
    return get_import(job.kind.removeprefix("import:"))


def job_progress(job: Job) -> dict:
    """The progress endpoint's JSON: counters, labels, and a percentage weighted read 40 / validate 30 / write 30."""
    finished = job.status in (Job.Status.DONE, Job.Status.FAILED)
    total = max(job.total, job.rows_read, 1)
    if job.status == Job.Status.DONE:
        percent = 100
    elif job.stage == "submit":
        percent = 99
    else:
        read = min(job.rows_read / total, 1)
        validated = min(job.rows_validated / total, 1)
        written = min(job.rows_written / max(job.accepted, 1), 1) if job.stage == "write" else 0
        percent = int(40 * read + 30 * validated + 30 * written)
    return {
        "status": job.status, "status_label": str(job.get_status_display()), "stage": job.stage,
        "stage_label": str(STAGE_LABELS.get(job.stage, "")), "finished": finished, "percent": percent,
        "total": job.total, "rows_read": job.rows_read, "rows_validated": job.rows_validated,
        "rows_written": job.rows_written, "accepted": job.accepted, "refused": job.refused,
        "message": job.message,
    }

