"""Batch import services: the template, starting an import from an upload, confirming or cancelling a file
uploaded twice, and running the job (the worker's side)."""

import hashlib
import logging
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.registry import get_kind
from reviews.services import TransitionRefused, submission_create, submission_transition
from siportal.core.errors import DomainError
from siportal.core.excel import FileRefused, check_reach, inspect_file, write_workbook
from siportal.core.excel.writer import CODES_SHEET, INSTRUCTIONS_SHEET
from siportal.core.models import Job

from .pipeline import check_unique, error_list, local_copy, read_rows, save_refused_file, validate_rows
from .progress import Progress, job_claim, job_fail
from .spec import ImportContext, ImportSpec, get_import

log = logging.getLogger(__name__)
Status = Job.Status
ERRORS_KEPT = 500  # reasons kept on the job for the result page; all of them are in the refused-rows file
HIDDEN_ROWS_KEPT = 200  # numbers of hidden rows read, kept for the result page


class ImportRefused(DomainError):
    """The import cannot start or finish; ``str()`` is the message for the agent."""


def import_template(*, spec: ImportSpec, target, unit=None) -> None:
    """Write the spec's template (.xlsx) to the binary file ``target``: blank, or prefilled with the unit's rows
    when the spec declares ``template_rows``."""
    rows = spec.template_rows(unit) if spec.template_rows is not None and unit is not None else ()
    write_workbook(target, [c.sheet_column() for c in spec.columns], rows, sheet_title=spec.sheet_title,
                   instructions=spec.instructions)


def import_start(*, spec: ImportSpec, by, unit, uploaded, submit: bool = False) -> Job:
    """Check an uploaded file and queue its import job.

    Steps: the unit may start the spec's kind now; the file is within the size limit; it is copied aside while
    hashed and checked by content and reach (a refused file raises ``ImportRefused`` and nothing is stored); when this
    unit already imported the same file (same hash, not failed) the job waits for the agent's confirmation
    (``pending``) instead of being queued. The job's task is queued after commit.
    """
    kind = get_kind(spec.kind)
    if not kind.may_start(unit):
        raise ImportRefused(_("当前不能办理“%(kind)s”。") % {"kind": kind.label})
    limit = getattr(settings, "IMPORT_UPLOAD_MAX_BYTES", 30 * 1024 * 1024)
    if uploaded.size > limit:
        raise ImportRefused(_("文件大小为%(size).1f MB,超过了%(limit)d MB的上限,请拆分后分批导入。")
                            % {"size": uploaded.size / 1048576, "limit": limit // 1048576})
    name = Path(uploaded.name or "upload").name[:200]
    with tempfile.NamedTemporaryFile(suffix=Path(name).suffix[:8]) as tmp:
        digest = hashlib.sha256()
        for chunk in uploaded.chunks():
            tmp.write(chunk)
            digest.update(chunk)
        tmp.flush()
        try:
            kind = inspect_file(tmp.name, name=name)
            check_reach(tmp.name, kind, skip_sheets=(INSTRUCTIONS_SHEET, CODES_SHEET))
        except FileRefused as exc:
            raise ImportRefused(str(exc)) from exc
        file_hash = digest.hexdigest()
        previous = (Job.objects.filter(kind=spec.job_kind, unit=unit, file_hash=file_hash)
                    .exclude(status=Status.FAILED).order_by("-id").first())
        tmp.seek(0)
        with transaction.atomic():
            job = Job(kind=spec.job_kind, created_by=by, unit=unit, file_name=name, file_hash=file_hash,
                      status=Status.PENDING if previous else Status.QUEUED, heartbeat_at=timezone.now(),
                      result={"submit": bool(submit), "duplicate_of": previous.pk if previous else None})
            job.file.save(name, File(tmp), save=False)
            job.save()
            if previous is None:
                _queue(job)
    return job


def _queue(job: Job) -> None:
    from .tasks import import_run_task

    transaction.on_commit(lambda: import_run_task.delay(job.pk))


def import_confirm(*, job: Job) -> Job:
    """The agent confirms a file uploaded before: the pending job is queued."""
    with transaction.atomic():
        if Job.objects.filter(pk=job.pk, status=Status.PENDING).update(status=Status.QUEUED,
                                                                      heartbeat_at=timezone.now()):
            _queue(job)
    job.refresh_from_db()
    return job


def import_cancel(*, job: Job) -> None:
    """The agent does not import a file uploaded before: the pending job and its stored file are deleted."""
    if job.status != Status.PENDING:
        raise ImportRefused(_("该导入任务已开始处理,不能取消。"))
    job.file.delete(save=False)
    job.delete()


def import_run(*, job_id: int) -> Job | None:
    """Run one import job; the worker's task calls this. Re-running a finished job does nothing.

    Steps:
      1. claim the job (``job_claim``: not when finished, pending, or running in a live worker);
      2. check the stored file by content again, read every row and convert its cells (progress: rows read);
      3. refuse rows repeating an earlier row's key; run the mapping's validator in chunks (rows validated);
      4. write the refused rows, as uploaded plus a 失败原因 column, to the job's result file;
      5. in ONE transaction: create the submission keyed by the job (``client_token``), let the mapping
         bulk-write the accepted rows as its lines, mark the job done. Any error rolls all of it back and
         fails the job, so a failed job leaves no submission and no line;
      6. after commit: submit the submission if the agent asked (a VIP unit's is auto-approved by
         ``submission_transition``) — the job shows 已完成 only once that is done too; delete the uploaded file.
    """
    job = job_claim(job_id)
    if job is None:
        return None
    spec = get_import(job.kind.removeprefix("import:"))
    progress = Progress(job)
    try:
        if spec is None:
            raise ImportRefused(_("该批量导入业务已停用。"))
        user = job.created_by
        ctx = ImportContext(unit=job.unit or user.unit, user=user, job=job, spec=spec)  # the job's unit
        with local_copy(job.file) as path:
            outcome = read_rows(path, spec, ctx, progress)
            check_unique(outcome, spec)
            validate_rows(outcome, spec, ctx, progress)
        if outcome.refused:
            save_refused_file(job, spec, outcome)
        _write(job, spec, ctx, outcome, progress)
        if job.stage == "submit":
            _submit_if_asked(job)
    except (FileRefused, ImportRefused) as exc:
        job_fail(job, _("%(reason)s 本次导入未生成任何业务。") % {"reason": exc})
    except Exception:
        log.exception("import job %s failed", job_id)
        job_fail(job, _("导入时发生系统错误,本次导入未生成任何业务。请稍后重新上传;如仍失败,请联系经办机构。"))
    finally:
        progress.close()
    if job.status == Status.FAILED and job.output:
        job.output.delete(save=False)
    if job.status in (Status.DONE, Status.FAILED) and job.file:
        job.file.delete(save=False)  # the upload holds ID numbers: kept no longer than needed
        Job.objects.filter(pk=job.pk).update(file="")
    return job


def _write(job: Job, spec: ImportSpec, ctx: ImportContext, outcome, progress) -> None:
    token = f"import:{job.pk}"
    with transaction.atomic():
        submission = None
        if outcome.accepted:
            try:
                submission, created = submission_create(kind=spec.kind, by=ctx.user, unit=ctx.unit,
                                                        client_token=token)
            except TransitionRefused as exc:
                raise ImportRefused(str(exc)) from exc
            if submission.client_token != token:  # a kind allowing one open submission, and one is open
                raise ImportRefused(_("本单位已有一笔未办结的“%(kind)s”业务(业务流水号%(number)s),请先提交或退单后"
                                      "再导入。") % {"kind": submission.kind_label, "number": submission.number})
            if created:  # not created: this job's submission was already written by an earlier attempt
                progress(force=True, stage="write", rows_written=0)
                written = 0
                for start in range(0, len(outcome.accepted), spec.chunk_size):
                    chunk = outcome.accepted[start:start + spec.chunk_size]
                    spec.write(submission, chunk, ctx)
                    written += len(chunk)
                    progress(rows_written=written)
        job.result = {
            **job.result, "sheet": outcome.sheet, "header_row": outcome.header_row,
            "hidden_columns": outcome.hidden_columns, "hidden_rows": outcome.hidden_rows[:HIDDEN_ROWS_KEPT],
            "hidden_rows_total": len(outcome.hidden_rows),
            "errors": error_list(outcome, ERRORS_KEPT),
            "errors_total": sum(len(reasons) for reasons in outcome.refused.values()),
            "submission_id": submission.pk if submission else None,
            "submission_number": submission.number if submission else "",
        }
        now = timezone.now()
        job.status, job.stage, job.finished_at, job.heartbeat_at = Status.DONE, "done", now, now
        if submission is not None and job.result.get("submit"):  # done once the submission is submitted too
            job.status, job.stage, job.finished_at = Status.RUNNING, "submit", None
        job.accepted, job.refused = len(outcome.accepted), len(outcome.refused)
        job.rows_written = job.accepted
        job.rows_validated = job.rows_read
        job.save(update_fields=["status", "stage", "finished_at", "heartbeat_at", "accepted", "refused",
                                "rows_written", "rows_validated", "rows_read", "total", "result", "output"])


def _submit_if_asked(job: Job) -> None:
    """The agent ticked 直接提交审批: submit the job's submission, then mark the job done (a refusal, or an error,
    is told on the result page; the submission stays in 待办)."""
    try:
        submission = submission_transition(submission_id=job.result["submission_id"], action="submit",
                                           by=job.created_by)
    except TransitionRefused as exc:
        job.message = _("已生成业务,但自动提交未成功:%(reason)s 请在“待办”中核对后提交。") % {"reason": exc}
    except Exception:
        log.exception("import job %s: automatic submit failed", job.pk)
        job.message = _("已生成业务,但自动提交未成功。请在“待办”中核对后提交。")
    else:
        job.result["submitted_state"] = submission.state
    now = timezone.now()
    job.status, job.stage, job.finished_at, job.heartbeat_at = Status.DONE, "done", now, now
    Job.objects.filter(pk=job.pk).update(message=job.message, result=job.result, status=job.status, stage=job.stage,
                                         finished_at=now, heartbeat_at=now)


def retention_days() -> int:
    return getattr(settings, "IMPORT_FILE_RETENTION_DAYS", 30)


def import_purge_files(*, now=None) -> int:
    """Delete the stored files of imports older than ``IMPORT_FILE_RETENTION_DAYS`` (they hold full ID numbers and
    names): the refused-rows file of a finished job, and the upload of a job whose repeated file was never
    confirmed (that job is failed with a message). The job itself, its counts and reasons stay. Returns how many
    jobs were purged; the beat schedule runs it daily.
    """
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    purged = 0
    for job in Job.objects.filter(kind__startswith="import:", finished_at__lt=cutoff).exclude(output=""):
        job.output.delete(save=False)
        job.result = {**job.result, "purged_at": timezone.now().isoformat()}
        Job.objects.filter(pk=job.pk).update(output="", result=job.result)
        purged += 1
    stale = Job.objects.filter(kind__startswith="import:", status=Status.PENDING, created_at__lt=cutoff)
    for job in stale:
        if job.file:
            job.file.delete(save=False)
        Job.objects.filter(pk=job.pk, status=Status.PENDING).update(
            status=Status.FAILED, file="", finished_at=timezone.now(),
            message=_("该文件以前已导入过,%(days)d天内未确认是否再次导入,已按规定删除,未生成任何业务。")
            % {"days": retention_days()})
        purged += 1
    return purged
