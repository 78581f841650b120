"""审核通过 of a big submission in the background: above ``settings.SUBMISSION_BACKGROUND_APPROVAL_LINES`` lines
the reviewer's click queues one ``Job`` (``approve:<submission id>``) and a Celery task runs the approval — the
same ``submission_transition`` (``apply()`` inside, all or nothing). Meanwhile the item shows 办理中 and a second
click returns the job already queued: nothing happens twice.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from siportal.core.models import Job

from .models import State, Submission
from .permissions import separation_of_duties_refusal
from .registry import get_kind
from .services import TransitionRefused, submission_review, submission_transition

OPEN = [Job.Status.QUEUED, Job.Status.RUNNING]


def approval_job_kind(submission_id: int) -> str:
    return f"approve:{submission_id}"


def approval_job(submission) -> Job | None:
    """The background approval of ``submission`` under way (queued or running), or None: the item is 办理中."""
    return Job.objects.filter(kind=approval_job_kind(submission.pk), status__in=OPEN).first()


def approval_failure(submission) -> str:
    """Why the last background approval of ``submission`` failed, while it still waits for a decision ("")."""
    if submission.state != State.IN_REVIEW:
        return ""
    last = Job.objects.filter(kind=approval_job_kind(submission.pk)).order_by("-pk").first()
    return last.message if last is not None and last.status == Job.Status.FAILED else ""


def line_count(submission) -> int:
    lines = get_kind(submission.kind).lines
    return lines.model.objects.filter(submission=submission).count() if lines is not None else 0


def submission_approve(*, submission_id: int, by) -> tuple[Submission, Job | None]:
    """审核通过 as the reviewer asks: at once, or — a submission above the threshold — queued as a background job.
    Returns ``(submission, job)``; ``job`` is None when approved at once. Refusals (state, permission, separation
    of duties) are raised at the click, before anything is queued."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        running = approval_job(submission)
        if running is not None:
            return submission, running
        count = line_count(submission)
        if count <= settings.SUBMISSION_BACKGROUND_APPROVAL_LINES:
            return submission_review(submission_id=submission_id, action="approve", by=by), None
        if submission.state == State.SUBMITTED:
            submission = submission_transition(submission_id=submission_id, action="take", by=by)
        refusal = separation_of_duties_refusal(submission, by)
        if refusal:
            raise TransitionRefused(refusal)
        if not (can_proceed(submission.approve) and has_transition_perm(submission.approve, by)):
            raise TransitionRefused(_("业务 %(number)s 当前不能审核通过。") % {"number": submission.number})
        job = Job.objects.create(kind=approval_job_kind(submission.pk), created_by=by, unit=submission.unit,
                                 total=count, stage="queued", result={"submission_id": submission.pk})
        from .tasks import submission_approve_task

        transaction.on_commit(lambda: submission_approve_task.delay(job.pk))
    return submission, job


def approval_run(*, job_id: int) -> Job | None:
    """The worker's side: approve the job's submission (one transaction with its ``apply()``); record the outcome
    on the job. Nothing to do for a job already finished or taken by another worker."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, stage="apply", started_at=timezone.now(), heartbeat_at=timezone.now())
    if not claimed:
        return None
    job = Job.objects.select_related("created_by").get(pk=job_id)
    try:
        submission_transition(submission_id=job.result["submission_id"], action="approve", by=job.created_by)
    except TransitionRefused as exc:
        job.status, job.message = Job.Status.FAILED, str(exc)
    else:
        job.status, job.rows_written = Job.Status.DONE, job.total
    job.stage, job.finished_at = "", timezone.now()
    job.save(update_fields=["status", "message", "rows_written", "stage", "finished_at"])
    return job
