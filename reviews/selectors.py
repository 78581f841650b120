"""Queries of the workflow: hall task lists and an item's steps (the reviewer's queue is the Submission admin,
scoped by ``siportal.core.admin.RegionScopedAdminMixin``)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Func, IntegerField, Subquery
from django_fsm_log.models import StateLog

from accounts.tenancy import UNIT_HALL, hall_scope
from siportal.core.db import one_row

from .models import TODO_STATES, TRANSITION_LABELS, State, Submission


def hall_submissions(request):
    """Every submission of the current hall's owner (the one tenancy gate for workflow queries)."""
    return hall_scope(Submission.objects.select_related("submitter", "reviewer", "region"), request)


def hall_todo(request):
    """Drafts and returned items, returned first; the 待办 list shows none of the related rows."""
    return (hall_submissions(request).select_related(None).filter(state__in=TODO_STATES)
            .order_by("-was_returned", "-updated_at"))


def hall_todo_count(request) -> int:
    """The number of 待办 items, counted once per request: the menu's badge, the home page and the 待办 page's
    pager all show it (``hall_counts``)."""
    return hall_counts(request)["todo"]


def hall_counts(request) -> dict:
    """What the hall's pages and menu count, in one query per request (kept on the request): ``todo``, the 待办
    count, and ``used``, the codes of the kinds with a menu query the owner has at least one submission of.
    The count uses the (owner, state) index; each kind is an ``EXISTS`` probe, not a count of all the owner's
    submissions. The statement is compiled once per process and hall (``siportal.core.db.one_row``)."""
    counts = getattr(request, "_hall_counts", None)
    if counts is None:
        from accounts.tenancy import hall_owner

        from .registry import kinds_for

        owner = hall_owner(request)
        kinds = tuple(k.code for k in kinds_for(request.hall) if k.menu_query)
        row = one_row(("hall_counts", request.hall, type(owner), kinds),
                      lambda owner_id: _hall_counts_query(request.hall, type(owner), kinds, owner_id), owner.pk)
        counts = request._hall_counts = {
            "todo": row["todo"] or 0, "used": {code for n, code in enumerate(kinds) if row[f"kind_{n}"]},
            "open_imports": row.get("open_imports", False)}
    return counts


def _hall_counts_query(hall, owner_model, kinds, owner_id):
    from types import SimpleNamespace

    mine = hall_scope(Submission.objects.order_by(), SimpleNamespace(hall=hall, unit=owner_id, person=owner_id))
    todo = mine.filter(state__in=TODO_STATES).annotate(n=Func(F("id"), function="COUNT")).values("n")
    facts = {f"kind_{n}": Exists(mine.filter(kind=code)) for n, code in enumerate(kinds)}
    if hall == UNIT_HALL:  # batch imports under way, listed above the task lists (none: no query for them)
        from .imports.selectors import OPEN_STATUSES, hall_import_jobs

        jobs = hall_import_jobs(SimpleNamespace(hall=hall, unit=owner_id)).select_related(None).order_by()
        facts["open_imports"] = Exists(jobs.filter(status__in=OPEN_STATUSES))
    return owner_model._base_manager.filter(pk=owner_id).values(
        todo=Subquery(todo, output_field=IntegerField()), **facts)


def hall_done_list(request, *, state: str = "", kind: str = "", q: str = ""):
    """Items sent at least once, newest first; the 办事列表 shows the reviewer of each, nothing else related."""
    qs = (hall_submissions(request).select_related(None).select_related("reviewer")
          .exclude(state=State.DRAFT).exclude(submitted_at__isnull=True))
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

