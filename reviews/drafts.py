"""The one draft service of many-line kinds: add lines, remove one, and the check before submit.

Rows come in already cleaned by the kind's per-row check (from a hall form or an Excel row); these services run
the kind's whole-set check (the database rules, duplicates) in sets and write with one ``bulk_create``. Every
change of a draft locks its row; a returned submission goes back to draft (修改) through ``submission_transition``.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Unit

from .models import State, Submission
from .permissions import can_submit
from .registry import get_kind
from .services import TransitionRefused, submission_create, submission_transition

MAX_MESSAGES = 10


class LinesRefused(TransitionRefused):
    """Rows that break a rule: ``errors`` maps the index of each given row to its ``(field, message)`` list."""

    def __init__(self, errors: dict[int, list[tuple[str, str]]], message: str = ""):
        self.errors = errors
        super().__init__(message or "; ".join(m for row in errors.values() for _f, m in row))


def owner_of(submission):
    return submission.unit if submission.unit_id else submission.person


def _owner_kwargs(owner) -> dict:
    return {"unit": owner} if isinstance(owner, Unit) else {"person": owner}


def lines_of(kind):
    """The ``Lines`` declaration of ``kind`` (a code); refused for a kind without lines."""
    spec = get_kind(kind)
    if spec.lines is None:
        raise TransitionRefused(_("该业务没有明细名单。"))
    return spec.lines


def draft_for_edit(*, submission_id: int, kind: str, by) -> Submission:
    """Lock a draft or returned submission of ``kind`` to change its lines; a returned one goes back to draft
    (修改, through ``submission_transition``). Call inside ``transaction.atomic()``."""
    submission = Submission.objects.select_for_update().get(pk=submission_id)
    if submission.kind != kind:
        raise TransitionRefused(_("业务类型不符。"))
    if submission.state == State.RETURNED:
        return submission_transition(submission_id=submission.pk, action="edit", by=by)
    if submission.state != State.DRAFT:
        raise TransitionRefused(_("业务 %(number)s 已提交,不能修改。") % {"number": submission.number})
    if not can_submit(submission, by):
        raise TransitionRefused(_("您无权修改该业务。"))
    return submission


def _open_draft(*, kind, by, owner, submission, client_token) -> Submission | None:
    """The draft to add to: the given one, or a new one. None when this is a repeat of the post that created it."""
    if submission is None:
        submission, created = submission_create(kind=kind, by=by, client_token=client_token, **_owner_kwargs(owner))
        if not created:
            return None
    return draft_for_edit(submission_id=submission.pk, kind=kind, by=by)


def draft_lines_add(*, kind: str, by, owner, rows: list[dict], submission: Submission | None = None,
                    client_token: str = "") -> tuple[Submission, int]:
    """Add checked rows as lines of a draft of ``kind`` for ``owner`` (a unit or a person).

    Side effects: creates the draft when ``submission`` is None (a repeated post with the same ``client_token``
    returns it and adds nothing); moves a returned submission back to draft (修改); inserts the lines the kind
    builds from the rows. The kind's whole-set check runs over the draft's lines plus the new rows; raises
    ``LinesRefused`` (per-row errors of the new rows) or ``TransitionRefused``. Returns (draft, rows added).
    """
    lines = lines_of(kind)
    with transaction.atomic():
        draft = _open_draft(kind=kind, by=by, owner=owner, submission=submission, client_token=client_token)
        if draft is None:
            return Submission.objects.get(submitter=by, client_token=client_token), 0
        existing = [lines.row_of(line) for line in lines.model.objects.filter(submission=draft)]
        errors = lines.check_set(existing + rows, lines.facts(owner))
        mine = {index - len(existing): found for index, found in errors.items() if index >= len(existing)}
        if mine:
            raise LinesRefused(mine)
        new = lines.build(draft, rows)
        try:
            with transaction.atomic():
                lines.model.objects.bulk_create(new)
        except IntegrityError as exc:  # a concurrent add of the same line to the same draft
            raise TransitionRefused(str(lines.duplicate_message)) from exc
    return draft, len(new)


def draft_line_remove(*, submission_id: int, line_id: int, by) -> Submission:
    """Remove one line from a draft (or a returned submission, which goes back to draft)."""
    with transaction.atomic():
        kind = Submission.objects.values_list("kind", flat=True).get(pk=submission_id)
        lines = lines_of(kind)
        draft = draft_for_edit(submission_id=submission_id, kind=kind, by=by)
        deleted, _rows = lines.model.objects.filter(submission=draft, pk=line_id).delete()
        if not deleted:
            raise TransitionRefused(str(lines.gone_message))
    return draft


# ---------------------------------------------------------------- the check before submit


def _merge(*dicts) -> dict:
    merged: dict = {}
    for d in dicts:
        for index, rows in d.items():
            merged.setdefault(index, []).extend(rows)
    return merged


def draft_problems(submission: Submission) -> list[str]:
    """Everything wrong with a many-line draft now: the kind's per-line check on every line and its whole-set
    check (months move on, registries change). An empty list means it may be submitted."""
    lines = lines_of(submission.kind)
    saved = list(lines.model.objects.filter(submission=submission).select_related(*lines.related))
    if not saved:
        return [str(lines.empty_message)]
    facts = lines.facts(owner_of(submission))
    plain: dict[int, list] = {}
    rows = []
    for index, line in enumerate(saved):
        cleaned, errors = lines.check_row(lines.row_of(line), facts)
        rows.append(cleaned)
        if errors:
            plain[index] = errors
    problems = _merge(plain, lines.check_set(rows, facts))
    messages = [_("第%(n)d行 %(name)s:%(message)s") % {"n": index + 1, "name": lines.label(saved[index]),
                                                       "message": message}
                for index, found in sorted(problems.items()) for _field, message in found]
    if len(messages) > MAX_MESSAGES:
        rest = len(messages) - MAX_MESSAGES
        messages = messages[:MAX_MESSAGES] + [_("……另有%(n)d处问题,请逐行修改。") % {"n": rest}]
    return messages
