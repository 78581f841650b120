"""What the multi-line staff pages share: finding the draft, the page context, removing a line, submitting."""

import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.tenancy import unit_hall
from reviews.models import State
from reviews.registry import get_kind
from reviews.selectors import hall_submissions
from reviews.services import TransitionRefused, submission_transition

from .. import selectors, services

unit_agent = unit_hall(agent=True, opened=True)


def draft_or_redirect(request, kind: str, pk: int | None):
    """``(submission, None)`` for an editable draft of this unit (None for a new one), or ``(None, response)``
    when it has been submitted already; a foreign or unknown id is a 404."""
    if pk is None:
        return None, None
    submission = get_object_or_404(hall_submissions(request).filter(kind=kind), pk=pk)
    if submission.state not in (State.DRAFT, State.RETURNED):
        messages.info(request, _("该业务已提交,不能修改。"))
        return None, redirect("unit:submission_detail", pk=pk)
    return submission, None


def page_context(request, kind: str, submission, **extra) -> dict:
    drafts = selectors.open_drafts(request, kind)
    if submission is not None:
        drafts = drafts.exclude(pk=submission.pk)
    return {
        "kind": get_kind(kind), "submission": submission, "lines": selectors.lines_of(submission) if submission else [],
        "drafts": drafts[:5], "client_token": request.POST.get("client_token") or uuid.uuid4().hex, **extra,
    }


def add_refusals_to_form(form, errors: dict, names=None) -> None:
    """Per-row errors of ``LinesRefused`` onto a form: on their field for one row, prefixed by the name else."""
    for index, rows in errors.items():
        for field, message in rows:
            if names is None:
                visible = field in form.fields and not form.fields[field].widget.is_hidden
                form.add_error(field if visible else None, message)
            else:
                form.add_error(None, f"{names[index]}:{message}")


@require_POST
@unit_agent
def line_remove(request, pk, line):
    submission = get_object_or_404(hall_submissions(request), pk=pk)
    kind = get_kind(submission.kind)
    if not kind.edit_view:
        return redirect("unit:submission_detail", pk=pk)
    try:
        services.draft_line_remove(submission_id=submission.pk, line_id=line, by=request.user)
    except TransitionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已从本业务中删除该人员。"))
    return redirect(kind.edit_view, pk=submission.pk)


@require_POST
@unit_agent
def submit(request, pk):
    """提交审批 from a draft page: refused checks come back to the page that can fix them."""
    submission = get_object_or_404(hall_submissions(request), pk=pk)
    kind = get_kind(submission.kind)
    try:
        submission = submission_transition(submission_id=submission.pk, action="submit", by=request.user)
    except TransitionRefused as exc:
        messages.error(request, str(exc))
        if kind.edit_view and submission.state in (State.DRAFT, State.RETURNED):
            return redirect(kind.edit_view, pk=submission.pk)
        return redirect("unit:submission_detail", pk=submission.pk)
    if submission.state == State.DONE:
        messages.success(request, _("业务 %(number)s 已提交并自动办结。") % {"number": submission.number})
    else:
        messages.success(request, _("业务 %(number)s 已提交,请等待经办机构审核,可在“办事列表”查看进度。")
                         % {"number": submission.number})
    return redirect("unit:submission_detail", pk=submission.pk)
