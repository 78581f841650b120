"""The draft pages of every many-line kind, in both halls: the page (lines + the kind's entry), removing a line,
and 提交审批. A kind declares its differences (``reviews.lines.Lines``); nothing here knows a kind."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siportal.core.errors import DomainError, error_message

from . import drafts, exports, selectors, services
from .models import TODO_STATES, State
from .registry import edit_url, get_kind
from .views import _done_message, _hall, _ns

LINES_PAGE_SIZE = 50


def draft(request, hall, spec, submission):
    """The draft page of ``spec`` for a new (``submission`` None) or an editable submission of the hall's owner."""
    ns = _ns(hall)
    owner = request.owner
    if submission is None and not spec.may_start(owner):
        messages.error(request, _("当前不能办理“%(kind)s”。") % {"kind": spec.label})
        return redirect(f"{ns}:home")
    entry = spec.lines.entry(request=request, kind=spec, owner=owner, submission=submission)
    rows = entry.rows() if request.method == "POST" else None
    if rows:
        try:
            submission, added = drafts.draft_lines_add(
                kind=spec.code, by=request.user, owner=owner, rows=rows, submission=submission,
                client_token=request.POST.get("client_token", ""))
        except drafts.LinesRefused as exc:
            entry.refused(exc.errors)
        except DomainError as exc:
            error_message(request, exc)
        else:
            if added:
                messages.success(request, entry.added_message(added))
            return redirect(edit_url(spec, ns, submission.pk))
    return render(request, "reviews/draft.html", {
        **draft_context(request, spec, submission, ns), **entry.context(), "entry_template": entry.template})


def draft_context(request, spec, submission, ns) -> dict:
    others = selectors.hall_submissions(request).filter(kind=spec.code, state__in=TODO_STATES)
    if submission is not None:
        others = others.exclude(pk=submission.pk)
    q = request.GET.get("lq", "").strip()
    lines = selectors.lines_page(submission, q=q, page=request.GET.get("lines_page"), size=LINES_PAGE_SIZE)
    return {
        "kind": spec, "submission": submission, "ns": ns, "lines": lines["page"].object_list if lines else [],
        "lines_page": lines["page"] if lines else None, "line_count": lines["total"] if lines else 0, "lq": q,
        "line_counts": lines["counts"] if lines else [],
        "drafts": [(d, edit_url(spec, ns, d.pk)) for d in others.order_by("-updated_at")[:5]],
        "client_token": request.POST.get("client_token") or uuid.uuid4().hex, "removable": True,
    }


def _lines_kind(request, pk):
    submission = get_object_or_404(selectors.hall_submissions(request), pk=pk)
    return submission, get_kind(submission.kind)


@_hall
def draft_page(request, hall, kind, pk=None):
    spec = get_kind(kind, missing_ok=True)
    if spec is None or spec.hall != hall or spec.lines is None:
        raise Http404
    submission = None
    if pk is not None:
        submission = get_object_or_404(selectors.hall_submissions(request).filter(kind=kind), pk=pk)
        if submission.state not in TODO_STATES:
            messages.info(request, _("该业务已提交,不能修改。"))
            return redirect(f"{_ns(hall)}:submission_detail", pk=pk)
    return draft(request, hall, spec, submission)


@require_POST
@_hall
def draft_line_remove(request, hall, pk, line):
    submission, spec = _lines_kind(request, pk)
    if spec.lines is None:
        return redirect(f"{_ns(hall)}:submission_detail", pk=pk)
    try:
        drafts.draft_line_remove(submission_id=submission.pk, line_id=line, by=request.user)
    except DomainError as exc:
        error_message(request, exc)
    else:
        messages.success(request, str(spec.lines.removed_message))
    return redirect(edit_url(spec, _ns(hall), submission.pk))


@require_POST
@_hall
def draft_submit(request, hall, pk):
    """提交审批 from a draft page: refused checks come back to the page that can fix them."""
    submission, spec = _lines_kind(request, pk)
    ns = _ns(hall)
    try:
        submission = services.submission_transition(submission_id=submission.pk, action="submit", by=request.user)
    except DomainError as exc:
        error_message(request, exc)
        if spec.lines is not None and submission.state in (State.DRAFT, State.RETURNED):
            return redirect(edit_url(spec, ns, submission.pk))
        return redirect(f"{ns}:submission_detail", pk=submission.pk)
    messages.success(request, _done_message(submission, "submit"))
    return redirect(f"{ns}:submission_detail", pk=submission.pk)


@_hall
def lines_export(request, hall, pk):
    """明细导出: every line of one of the owner's submissions as Excel (masked)."""
    submission, spec = _lines_kind(request, pk)
    if spec.lines is None:
        raise Http404
    return exports.lines_export(submission)
