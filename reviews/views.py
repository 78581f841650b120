"""Hall pages of the workflow, the same code in both halls: 待办, 办事列表, detail, and the single-form kinds.

Views are thin: the hall decorator sets the owner, ``hall_submissions`` scopes every query, one service does each
user action, and a ``DomainError`` becomes a message (``error_message``).
"""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.tenancy import hall_owner, person_hall, unit_hall
from siportal.core import versions
from siportal.core.errors import DomainError, error_message
from siportal.core.listing import QueryOnly, list_query

from . import selectors, services
from .approvals import approval_job
from .imports.selectors import hall_open_import_jobs
from .models import State
from .registry import get_kind, kinds_for, start_url

HALL_ACTIONS = {"submit", "withdraw"}


def _hall(view=None, *, home=False):
    """Apply the hall's decorator chosen by the URL's ``hall`` kwarg (agents only for business pages)."""

    def decorator(inner):
        unit_view = unit_hall(agent=not home)(inner)
        person_view = person_hall(inner)

        def wrapped(request, *args, hall, **kwargs):
            chosen = unit_view if hall == "unit" else person_view
            return chosen(request, *args, hall=hall, **kwargs)

        return wrapped

    return decorator(view) if view else decorator


def _ns(hall):
    return "unit" if hall == "unit" else "me"


@_hall(home=True)
def hall_home(request, hall):
    owner = hall_owner(request)
    codes = tuple(k.code for k in kinds_for(hall) if k.may_start(owner))
    context = {"kinds": SimpleLazyObject(lambda: _start_entries(hall, codes)), "kinds_key": ",".join(codes),
               "todo_count": selectors.hall_todo_count(request), "owner": owner}
    return render(request, f"reviews/{_ns(hall)}_home.html", context)


def _start_entries(hall, codes) -> list[dict]:
    """The home page's cards of the kinds the owner may start (rendered once per process and ``kinds_key``: the
    template's ``{% once %}``)."""
    return [{"label": kind.label, "description": kind.description, "url": start_url(kind, _ns(hall))}
            for kind in map(get_kind, codes)]


@_hall
def todo(request, hall):
    def table():
        paginator = Paginator(selectors.hall_todo(request), 20)
        paginator.count = selectors.hall_todo_count(request)  # the menu's badge shows the same count
        return {"page": _with_row_links(paginator.get_page(request.GET.get("page")), hall)}

    context = {"table_html": _list_html(request, hall, "reviews/_todo_table.html", table, ("page",)),
               "ns": _ns(hall), "open_jobs": _open_jobs(request, hall)}
    return render(request, "reviews/todo.html", context)


def _list_html(request, hall, template: str, build, params) -> str:
    """A task list's table and pager, rendered from ``build()`` once for each query (``params`` of the query
    string) and language, and reused by every user of the owner until one of its submissions changes
    (``siportal.core.versions``)."""
    owner = hall_owner(request)
    query = list_query((name, request.GET.get(name, "")) for name in params)

    def compute():
        return mark_safe(render_to_string(template, {**build(), "request": QueryOnly(query)}))

    versions.prefetch(selectors.hall_scopes(request))  # the menu's counts read them too

    key = f"list:{template}:{hall}:{versions.owner_scope_name('', owner)}:{get_language()}:{query.urlencode()}"
    return versions.cached([versions.owner_scope_name("sub", owner)], key, compute)


#: The state badge's colour per state (the lists render it inline: one include per row cost more than the row).
BADGE_CLASSES = {State.DONE: "text-bg-success", State.RETURNED: "text-bg-danger",
                 State.CANCELLED: "text-bg-secondary", State.DRAFT: "text-bg-light border"}


def _url_for_any_pk(name: str):
    """``reverse(name, pk=…)`` resolved once per page and filled in per row (a reverse() per row and link was
    most of a task list's Python time)."""
    marker = "987654321"
    head, tail = reverse(name, kwargs={"pk": int(marker)}).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def _with_row_links(page, hall):
    """Give each submission of a task-list page its detail and edit links, its badge colour and its state and
    kind labels (each label translated once per page, not once per row)."""
    detail, edit = (_url_for_any_pk(f"{_ns(hall)}:{name}") for name in ("submission_detail", "submission_edit"))
    states = {value: str(label) for value, label in State.choices}
    kinds: dict[str, str] = {}
    for s in page:
        s.detail_url, s.edit_url = detail(s.pk), edit(s.pk)
        s.badge_class = BADGE_CLASSES.get(s.state, "text-bg-primary")
        s.state_label = states.get(s.state, s.state)
        s.kind_text = kinds[s.kind] if s.kind in kinds else kinds.setdefault(s.kind, s.kind_label)
    return page


def _open_jobs(request, hall) -> list:
    """Batch imports under way (unit hall only): listed above the task lists so a job left running is found again."""
    return hall_open_import_jobs(request) if hall == "unit" else []


@_hall
def submission_list(request, hall):
    state, kind, q = request.GET.get("state", ""), request.GET.get("kind", ""), request.GET.get("q", "")

    def table():
        qs = selectors.hall_done_list(request, state=state, kind=kind, q=q)
        return {"page": _with_row_links(Paginator(qs, 20).get_page(request.GET.get("page")), hall)}

    context = {
        "table_html": _list_html(request, hall, "reviews/_submission_table.html", table, ("state", "kind", "q", "page")),
        "ns": _ns(hall), "states": [s for s in State if s != State.DRAFT], "kinds": kinds_for(hall),
        "current": {"state": state, "kind": kind, "q": q}, "open_jobs": _open_jobs(request, hall),
        "title": get_kind(kind).label + _("查询") if get_kind(kind, missing_ok=True) else _("办事列表"),
    }
    return render(request, "reviews/submission_list.html", context)


@_hall
def submission_detail(request, hall, pk):
    submission = get_object_or_404(selectors.hall_submissions(request), pk=pk)
    context = {
        "submission": submission, "kind": get_kind(submission.kind), "line": selectors.line_of(submission),
        "steps": selectors.submission_steps(submission), "ns": _ns(hall),
        "processing": approval_job(submission) is not None,
    }
    return render(request, "reviews/submission_detail.html", context)


@require_POST
@_hall
def submission_act(request, hall, pk, action):
    submission = get_object_or_404(selectors.hall_submissions(request), pk=pk)
    if action not in HALL_ACTIONS:
        raise Http404
    try:
        submission = services.submission_transition(submission_id=submission.pk, action=action, by=request.user)
    except DomainError as exc:
        error_message(request, exc)
    else:
        messages.success(request, _done_message(submission, action))
    return redirect(f"{_ns(hall)}:submission_detail", pk=submission.pk)


def _done_message(submission, action) -> str:
    if action == "withdraw":
        return _("业务 %(number)s 已退单。") % {"number": submission.number}
    if submission.state == State.DONE:
        return _("业务 %(number)s 已提交并自动办结。") % {"number": submission.number}
    return _("业务 %(number)s 已提交,请等待经办机构审核,可在“办事列表”查看进度。") % {"number": submission.number}


@_hall
def submission_new(request, hall, kind):
    spec = get_kind(kind, missing_ok=True)
    if spec is None or spec.hall != hall:
        raise Http404
    if spec.start_view:
        return redirect(spec.start_view)
    if spec.lines is not None:
        from .draft_views import draft

        return draft(request, hall, spec, None)
    if spec.form_class is None:
        raise Http404
    owner = hall_owner(request)
    if not spec.may_start(owner):
        messages.error(request, _("当前不能办理“%(kind)s”。") % {"kind": spec.label})
        return redirect(f"{_ns(hall)}:home")
    if spec.single_open:
        existing = selectors.hall_submissions(request).filter(kind=kind, state__in=[State.DRAFT, State.RETURNED]).first()
        if existing:
            return redirect(f"{_ns(hall)}:submission_edit", pk=existing.pk)
    return _kind_form(request, hall, spec, owner, submission=None)


@_hall
def submission_edit(request, hall, pk):
    submission = get_object_or_404(selectors.hall_submissions(request), pk=pk)
    spec = get_kind(submission.kind)
    if submission.state not in (State.DRAFT, State.RETURNED):
        messages.info(request, _("该业务已提交,不能修改。"))
        return redirect(f"{_ns(hall)}:submission_detail", pk=pk)
    if spec.edit_view:
        return redirect(spec.edit_view, pk=pk)
    if spec.lines is not None:
        from .draft_views import draft

        return draft(request, hall, spec, submission)
    if spec.form_class is None:
        raise Http404
    return _kind_form(request, hall, spec, hall_owner(request), submission=submission)


def _kind_form(request, hall, spec, owner, submission):
    line = selectors.line_of(submission) if submission else None
    if request.method == "POST":
        form = spec.form_class(request.POST, request.FILES, instance=line, owner=owner)
        if form.is_valid():
            try:
                submission, submitted = services.submission_save_and_submit(
                    kind=spec.code, by=request.user, owner=owner, line=form.save(commit=False),
                    submission=submission, client_token=request.POST.get("client_token", ""),
                    submit="submit" in request.POST,
                )
            except DomainError as exc:
                error_message(request, exc)
            else:
                if submitted:
                    messages.success(request, _done_message(submission, "submit"))
                else:
                    messages.success(request, _("已保存到“待办”,业务流水号 %(number)s。确认无误后请提交审批。")
                                     % {"number": submission.number})
                return redirect(f"{_ns(hall)}:submission_detail", pk=submission.pk)
    else:
        form = spec.form_class(instance=line, owner=owner)
    context = {"form": form, "kind": spec, "submission": submission, "ns": _ns(hall),
               "client_token": request.POST.get("client_token") or uuid.uuid4().hex}
    return render(request, "reviews/kind_form.html", context)
