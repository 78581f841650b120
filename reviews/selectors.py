"""Queries of the workflow: hall task lists and an item's steps (the reviewer's queue is the Submission admin,
scoped by ``siportal.core.admin.RegionScopedAdminMixin``)."""

from django.contrib.contenttypes.models import ContentType
from django_fsm_log.models import StateLog

from accounts.tenancy import owner_scope

from .models import TODO_STATES, TRANSITION_LABELS, State, Submission


def owner_submissions(owner):
    """Every submission of ``owner`` (a unit or a person; the one tenancy gate for workflow queries). Hall views
    pass ``request.owner``; Celery tasks and the admin pass the owner they act for."""
    return owner_scope(Submission.objects.select_related("submitter", "reviewer", "region"), owner)


def hall_submissions(request):
    """Every submission of the current hall's owner."""
    return owner_submissions(getattr(request, "owner", None))


def owner_todo(owner):
    return owner_submissions(owner).filter(state__in=TODO_STATES).order_by("-was_returned", "-updated_at")


def hall_todo(request):
    return owner_todo(getattr(request, "owner", None))


def hall_done_list(request, *, state: str = "", kind: str = "", q: str = ""):
    return owner_done_list(getattr(request, "owner", None), state=state, kind=kind, q=q)


def owner_done_list(owner, *, state: str = "", kind: str = "", q: str = ""):
    qs = owner_submissions(owner).exclude(state=State.DRAFT).exclude(submitted_at__isnull=True)
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(number__icontains=q.strip())
    return qs.order_by("-submitted_at", "-id")


def submission_steps(submission) -> list[dict]:
    """The audit trail of one submission, oldest first: what happened, when, by whom, the note."""
    ct = ContentType.objects.get_for_model(Submission)
    logs = StateLog.objects.filter(content_type=ct, object_id=submission.pk).select_related("by")
    return [
        {"label": TRANSITION_LABELS.get(log.transition, log.transition), "state": log.state, "at": log.timestamp,
         "by": log.by, "note": log.description or ""}
        for log in logs.order_by("timestamp", "id")
    ]


def line_of(submission):
    """The single line of a single-line kind, or None."""
    from .registry import get_kind

    kind = get_kind(submission.kind)
    if kind.line_model is None:
        return None
    return kind.line_model.objects.filter(submission=submission).first()



def submission_lines(submission, *, q: str = ""):
    """The lines of a many-line submission in entry order (searched by the kind's ``Lines.search``), or None."""
    from .registry import get_kind

    lines = get_kind(submission.kind).lines if submission is not None else None
    if lines is None:
        return None
    qs = lines.model.objects.filter(submission=submission).select_related(*lines.related).order_by("pk")
    if q and lines.search is not None:
        qs = qs.filter(lines.search(q))
    return qs


def lines_page(submission, *, q: str = "", page=None, size: int = 50) -> dict | None:
    """One page of a submission's lines and their count (never all lines at once), or None without lines."""
    from django.core.paginator import Paginator

    qs = submission_lines(submission, q=q)
    if qs is None:
        return None
    paginator = Paginator(qs, size)
    return {"page": paginator.get_page(page), "total": paginator.count}
