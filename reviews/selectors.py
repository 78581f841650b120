"""Queries of the workflow: hall task lists and an item's steps (the reviewer's queue is the Submission admin,
scoped by ``siportal.core.admin.RegionScopedAdminMixin``)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Func, IntegerField, Subquery
from django_fsm_log.models import StateLog

from accounts.tenancy import UNIT_HALL, owner_scope
from siportal.core import versions
from siportal.core.db import one_row

from .models import TODO_STATES, TRANSITION_LABELS, State, Submission


def owner_submissions(owner):
    """Every submission of ``owner`` (a unit or a person; the one tenancy gate for workflow queries). Hall views
    pass ``request.owner``; Celery tasks and the admin pass the owner they act for."""
    return owner_scope(Submission.objects.select_related("submitter", "reviewer", "region"), owner)


def hall_submissions(request):
    """Every submission of the current hall's owner."""
    return owner_submissions(getattr(request, "owner", None))


def owner_todo(owner):
    return (owner_submissions(owner).select_related(None).filter(state__in=TODO_STATES)
            .order_by("-was_returned", "-updated_at"))


def hall_todo(request):
    """Drafts and returned items, returned first; the 待办 list shows none of the related rows."""
    return owner_todo(getattr(request, "owner", None))


def hall_todo_count(request) -> int:
    """The number of 待办 items, counted once per request: the menu's badge, the home page and the 待办 page's
    pager all show it (``hall_counts``)."""
    return hall_counts(request)["todo"]


def hall_counts(request) -> dict:
    """What the hall's pages and menu count, in one query per request (kept on the request): ``todo``, the 待办
    count; ``used``, the codes of the kinds with a menu query the owner has at least one submission of; and
    ``open_imports``, whether a batch import is under way (unit hall). The count uses the (owner, state) index;
    the rest are ``EXISTS`` probes, not counts of all the owner's rows. The statement is compiled once per process
    and hall (``siportal.core.db.one_row``), and its result cached until the owner's submissions or import jobs
    change (``siportal.core.versions``)."""
    counts = getattr(request, "_hall_counts", None)
    if counts is None:
        from .registry import kinds_for

        owner = request.owner
        kinds = tuple(k.code for k in kinds_for(request.hall) if k.menu_query)

        def compute():
            row = one_row(("hall_counts", request.hall, type(owner), kinds),
                          lambda owner_id: _hall_counts_query(request.hall, type(owner), kinds, owner_id), owner.pk)
            return {"todo": row["todo"] or 0, "used": {code for n, code in enumerate(kinds) if row[f"kind_{n}"]},
                    "open_imports": row.get("open_imports", False)}

        counts = request._hall_counts = versions.cached(
            hall_scopes(request), f"hall_counts:{request.hall}:{owner._meta.model_name}:{owner.pk}:{','.join(kinds)}", compute)
    return counts


def hall_scopes(request) -> list[str]:
    """The data versions the hall's counts depend on: the owner's submissions and (unit hall) import jobs."""
    owner = request.owner
    scopes = [versions.owner_scope_name("sub", owner)]
    if request.hall == UNIT_HALL:
        scopes.append(versions.owner_scope_name("jobs", owner))
    return scopes


def _hall_counts_query(hall, owner_model, kinds, owner_id):
    from types import SimpleNamespace

    owner = owner_model(pk=owner_id)
    mine = owner_scope(Submission.objects.order_by(), owner)
    todo = mine.filter(state__in=TODO_STATES).annotate(n=Func(F("id"), function="COUNT")).values("n")
    facts = {f"kind_{n}": Exists(mine.filter(kind=code)) for n, code in enumerate(kinds)}
    if hall == UNIT_HALL:  # batch imports under way, listed above the task lists (none: no query for them)
        from .imports.selectors import OPEN_STATUSES, hall_import_jobs

        jobs = hall_import_jobs(SimpleNamespace(hall=hall, owner=owner)).select_related(None).order_by()
        facts["open_imports"] = Exists(jobs.filter(status__in=OPEN_STATUSES))
    return owner_model._base_manager.filter(pk=owner_id).values(
        todo=Subquery(todo, output_field=IntegerField()), **facts)


def hall_done_list(request, *, state: str = "", kind: str = "", q: str = ""):
    return owner_done_list(getattr(request, "owner", None), state=state, kind=kind, q=q)


def owner_done_list(owner, *, state: str = "", kind: str = "", q: str = ""):
    """Items sent at least once, newest first; the 办事列表 shows the reviewer of each, nothing else related."""
    qs = (owner_submissions(owner).select_related(None).select_related("reviewer")
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
    return {"page": paginator.get_page(page), "total": paginator.count, "counts": line_counts(submission)}


def line_counts(submission) -> list[tuple[str, int]]:
    """How many lines of each kind (the values of the kind's ``Lines.count_by`` field), one GROUP BY query."""
    from django.db.models import Count

    from .registry import get_kind

    lines = get_kind(submission.kind).lines
    if lines is None or not lines.count_by:
        return []
    field = lines.model._meta.get_field(lines.count_by)
    labels = dict(field.flatchoices)
    rows = (lines.model.objects.filter(submission=submission).values_list(lines.count_by)
            .annotate(n=Count("pk")).order_by(lines.count_by))
    return [(str(labels.get(value, value)), n) for value, n in rows]
