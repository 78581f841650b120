"""Job bookkeeping for imports: one worker claims a job, records its progress (throttled) and its heartbeat, and
a job whose worker died is noticed and queued again (or failed after too many attempts). A job whose worker died
while reading the file is failed at once, with what it was reading: run again, that file would only do the same.

Progress during the write step is recorded through a second database connection (PostgreSQL), because the write
is one transaction whose own updates nobody else can see before it commits. On SQLite the written count simply
jumps at the end.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from siportal.core.models import Job

log = logging.getLogger(__name__)
Status = Job.Status
COUNTERS = ("total", "rows_read", "rows_validated", "rows_written", "accepted", "refused")


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "IMPORT_STALE_SECONDS", 300))


def max_attempts() -> int:
    return getattr(settings, "IMPORT_MAX_ATTEMPTS", 3)


def job_claim(job_id: int) -> Job | None:
    """Mark the job running for this worker and reset its counters (a resumed job starts again from the file).

    Returns ``None`` — nothing to do — when the job is finished, awaiting confirmation, or running in another
    worker whose heartbeat is fresh. A job claimed more than ``IMPORT_MAX_ATTEMPTS`` times is failed instead.
    """
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | Q(status=Status.RUNNING, heartbeat_at__lt=now - stale_after())
    claimed = Job.objects.filter(claimable, pk=job_id).update(
        status=Status.RUNNING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now, stage="read",
        rows_read=0, rows_validated=0, rows_written=0, accepted=0, refused=0, message="",
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    if job.attempts > max_attempts():
        job_fail(job, _("后台处理已中断%(n)d次,导入未完成,未生成任何业务。请重新上传文件。") % {"n": job.attempts - 1})
        return None
    return job


def job_fail(job: Job, message: str) -> None:
    """Mark the job failed with ``message``; nothing else it did survives (the write step is one transaction)."""
    Job.objects.filter(pk=job.pk).update(status=Status.FAILED, message=message, finished_at=timezone.now(),
                                         heartbeat_at=timezone.now())
    job.status, job.message = Status.FAILED, message


def job_recover(job: Job) -> bool:
    """Queue again a job whose worker stopped reporting (killed, machine lost), or fail it after too many
    attempts. Returns True when it was queued again. Safe to call from any request or a periodic task."""
    now = timezone.now()
    if job.status not in (Status.QUEUED, Status.RUNNING) or not job.heartbeat_at:
        return False
    if job.heartbeat_at >= now - stale_after():
        return False
    if job.status == Status.RUNNING and job.stage == "read":
        job_fail(job, read_crash_message(job))  # the file itself took the worker down: never run it again
        return False
    if job.status == Status.RUNNING and job.attempts >= max_attempts():
        job_fail(job, _("后台处理已中断%(n)d次,导入未完成,未生成任何业务。请重新上传文件。") % {"n": job.attempts})
        return False
    requeued = Job.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at).update(
        status=Status.QUEUED, heartbeat_at=now, stage="")
    if requeued:
        from .tasks import import_run_task

        log.warning("import job %s stopped reporting; queued again", job.pk)
        transaction.on_commit(lambda: import_run_task.delay(job.pk))
    return bool(requeued)


def job_lost(job_id: int) -> None:
    """The worker process running this job is gone: a job it was reading is failed with what it was reading (the
    file would only do the same again); one lost later is left to ``job_recover``."""
    job = Job.objects.filter(pk=job_id, status=Status.RUNNING, stage="read").first()
    if job is not None:
        job_fail(job, read_crash_message(job))


def read_crash_message(job: Job) -> str:
    """What to tell when the worker was lost while reading the file: which sheet it was reading, how far that
    sheet reaches, and what to do."""
    reading = (job.result or {}).get("reading") or {}
    if reading.get("reach"):
        where = _("(文件中工作表“%(sheet)s”有内容的区域为%(reach)s)") % reading
    elif reading.get("sheet"):
        where = _("(文件中工作表“%(sheet)s”)") % reading
    else:
        where = ""
    return _("读取文件时后台进程异常终止%(where)s,可能是文件中有内容的区域过大或文件已损坏。请删除多余的行、列和"
             "单元格(选中后“删除”,而不是清除内容),另存为新的.xlsx文件后重新上传。本次导入未生成任何业务。") % {
        "where": where}


class Progress:
    """Throttled counters of one running job: written at most every ``every`` seconds (and when forced)."""

    def __init__(self, job: Job, every: float = 0.5):
        self.job = job
        self.every = every
        self._last = 0.0
        self._side = None

    def __call__(self, *, force: bool = False, stage: str | None = None, **counters) -> None:
        for name, value in counters.items():
            setattr(self.job, name, value)
        if stage:
            self.job.stage = stage
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        values = {name: getattr(self.job, name) for name in COUNTERS}
        values.update(stage=self.job.stage, heartbeat_at=timezone.now())
        if connection.in_atomic_block:
            self._write_aside(values)
        else:
            Job.objects.filter(pk=self.job.pk).update(**values)

    def _write_aside(self, values: dict) -> None:
        """From inside the write transaction: a separate autocommit connection, best effort, never blocking."""
        if connection.vendor != "postgresql":
            return
        try:
            if self._side is None:
                main = connections[DEFAULT_DB_ALIAS]
                self._side = type(main)(dict(main.settings_dict), alias=DEFAULT_DB_ALIAS)
                self._side.cursor().execute("SET lock_timeout = '500ms'")
            columns = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in values)
            with self._side.cursor() as cursor:
                cursor.execute(f"UPDATE {connection.ops.quote_name(Job._meta.db_table)} SET {columns} "
                               f"WHERE id = %s", [*values.values(), self.job.pk])
        except Exception:  # progress is advisory: a failure here must not fail the import
            log.debug("progress update of job %s skipped", self.job.pk, exc_info=True)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None
