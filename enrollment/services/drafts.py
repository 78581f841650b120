"""Drafts of the multi-line staff kinds (新参保, 增员, 减员, 续保): add checked lines, remove one, re-check at submit.

Rows come in already cleaned by ``enrollment.rules.*_row_errors`` (from a hall form or an Excel row); these
services apply the rules that need the database, in sets, and write with one ``bulk_create``.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Unit
from reviews.models import State, Submission
from reviews.permissions import can_submit
from reviews.services import TransitionRefused, submission_create, submission_transition

from .. import rules
from ..models import JoinLine, KindCode, ResumeLine, StopLine
from ..selectors import unit_insurance_types

LINE_MODELS = {
    KindCode.STAFF_ENROL: JoinLine,
    KindCode.STAFF_ADD: JoinLine,
    KindCode.STAFF_STOP: StopLine,
    KindCode.STAFF_RESUME: ResumeLine,
}
MAX_MESSAGES = 10


class LinesRefused(TransitionRefused):
    """Rows that break a rule: ``errors`` maps the index of each given row to its ``(field, message)`` list."""

    def __init__(self, errors: dict[int, list[tuple[str, str]]], message: str = ""):
        self.errors = errors
        super().__init__(message or "; ".join(m for row in errors.values() for _f, m in row))


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


def _open_draft(*, kind, by, unit, submission, client_token) -> Submission | None:
    """The draft to add to: the given one, or a new one. None when this is a repeat of the post that created it."""
    if submission is None:
        submission, created = submission_create(kind=kind, by=by, unit=unit, client_token=client_token)
        if not created:
            return None
    return draft_for_edit(submission_id=submission.pk, kind=kind, by=by)


def _insert(model, lines) -> None:
    try:
        with transaction.atomic():
            model.objects.bulk_create(lines)
    except IntegrityError as exc:  # a concurrent add of the same person to the same draft
        raise TransitionRefused(_("本业务中已录入该人员,请刷新后查看。")) from exc


def _refuse_new_rows(errors, offset: int) -> None:
    mine = {index - offset: rows for index, rows in errors.items() if index >= offset}
    if mine:
        raise LinesRefused(mine)


# ---------------------------------------------------------------- 新参保 and 增员


def join_line_row(line: JoinLine) -> dict:
    """A saved line as the plain values the rules take (also what an Excel row maps to)."""
    return {f: getattr(line, f) for f in ("id_type", "id_number", "name", "sex", "birth_date", "ethnicity",
                                          "hukou_type", "mobile", "employment_form", "work_start_date", "wage",
                                          "insurance_types", "start_month")} | {"person_id": line.person_id}


def join_lines_add(*, kind: str, by, unit: Unit, rows: list[dict], submission: Submission | None = None,
                   client_token: str = "") -> tuple[Submission, int]:
    """Add persons to a 职工新参保登记 (``kind=staff_enrol``) or 增员 (``staff_add``) draft.

    Side effects: creates the draft when ``submission`` is None (a repeated post with the same ``client_token``
    returns it and adds nothing); moves a returned submission back to draft (修改); inserts one ``JoinLine``
    per row (增员 lines copy the person's registry data). Checks against the registry and the draft's other
    lines in sets; raises ``LinesRefused`` (per-row errors) or ``TransitionRefused``. Returns (draft, rows added).
    """
    new_person = kind == KindCode.STAFF_ENROL
    with transaction.atomic():
        draft = _open_draft(kind=kind, by=by, unit=unit, submission=submission, client_token=client_token)
        if draft is None:
            return Submission.objects.get(submitter=by, client_token=client_token), 0
        existing = [join_line_row(line) for line in JoinLine.objects.filter(submission=draft)]
        errors = rules.join_registry_errors(existing + rows, unit=unit, new_person=new_person)
        _refuse_new_rows(errors, len(existing))
        lines = join_lines_build(submission=draft, rows=rows)
        _insert(JoinLine, lines)
    return draft, len(lines)


def join_lines_build(*, submission: Submission, rows: list[dict]) -> list[JoinLine]:
    """Unsaved ``JoinLine`` objects of checked rows (for ``bulk_create``, here or by the batch import); 增员
    lines are linked to their person and copy the registry's data, one query for all rows."""
    persons = {}
    if submission.kind == KindCode.STAFF_ADD:
        persons = rules.persons_by_id({(r["id_type"], r["id_number"]) for r in rows})
    lines = []
    for row in rows:
        line = JoinLine(submission=submission, **{k: v for k, v in row.items() if k in JOIN_FIELDS})
        person = persons.get((row["id_type"], row["id_number"]))
        if person is not None:  # 增员: the registry's data, as they stand today
            line.person, line.name, line.sex, line.birth_date = person, person.name, person.sex, person.birth_date
            line.ethnicity, line.hukou_type, line.mobile = person.ethnicity, person.hukou_type, person.mobile
        lines.append(line)
    return lines


JOIN_FIELDS = {"id_type", "id_number", "name", "sex", "birth_date", "ethnicity", "hukou_type", "mobile",
               "employment_form", "work_start_date", "wage", "insurance_types", "start_month"}


# ---------------------------------------------------------------- 减员 and 续保


def stop_line_row(line: StopLine) -> dict:
    return {"person_id": line.person_id, "reason": line.reason, "stop_month": line.stop_month,
            "insurance_types": line.insurance_types}


def resume_line_row(line: ResumeLine) -> dict:
    return {"person_id": line.person_id, "reason": line.reason, "month": line.month,
            "insurance_types": line.insurance_types, "wage": line.wage}


def stop_lines_add(*, by, unit: Unit, rows: list[dict], submission: Submission | None = None,
                   client_token: str = "") -> tuple[Submission, int]:
    """Add persons (rows with ``person_id``, reason, stop month, types) to a 减员 draft.

    Side effects and errors as ``join_lines_add``: the draft is created or reopened, one ``StopLine`` per row.
    """
    with transaction.atomic():
        draft = _open_draft(kind=KindCode.STAFF_STOP, by=by, unit=unit, submission=submission,
                            client_token=client_token)
        if draft is None:
            return Submission.objects.get(submitter=by, client_token=client_token), 0
        existing = [stop_line_row(line) for line in StopLine.objects.filter(submission=draft)]
        _refuse_new_rows(rules.stop_registry_errors(existing + rows, unit=unit), len(existing))
        lines = [StopLine(submission=draft, person_id=r["person_id"], reason=r["reason"], stop_month=r["stop_month"],
                          insurance_types=r["insurance_types"]) for r in rows]
        _insert(StopLine, lines)
    return draft, len(lines)


def resume_lines_add(*, by, unit: Unit, rows: list[dict], submission: Submission | None = None,
                     client_token: str = "") -> tuple[Submission, int]:
    """Add suspended persons (rows with ``person_id``, reason, month, types, optional wage) to a 续保 draft.

    Side effects and errors as ``join_lines_add``: the draft is created or reopened, one ``ResumeLine`` per row.
    """
    with transaction.atomic():
        draft = _open_draft(kind=KindCode.STAFF_RESUME, by=by, unit=unit, submission=submission,
                            client_token=client_token)
        if draft is None:
            return Submission.objects.get(submitter=by, client_token=client_token), 0
        existing = [resume_line_row(line) for line in ResumeLine.objects.filter(submission=draft)]
        _refuse_new_rows(rules.resume_registry_errors(existing + rows, unit=unit), len(existing))
        lines = [ResumeLine(submission=draft, person_id=r["person_id"], reason=r["reason"], month=r["month"],
                            insurance_types=r["insurance_types"], wage=r.get("wage")) for r in rows]
        _insert(ResumeLine, lines)
    return draft, len(lines)


def draft_line_remove(*, submission_id: int, line_id: int, by) -> Submission:
    """Remove one line from a draft (or a returned submission, which goes back to draft)."""
    with transaction.atomic():
        kind = Submission.objects.values_list("kind", flat=True).get(pk=submission_id)
        if kind not in LINE_MODELS:
            raise TransitionRefused(_("该业务没有人员名单。"))
        draft = draft_for_edit(submission_id=submission_id, kind=kind, by=by)
        deleted, _rows = LINE_MODELS[kind].objects.filter(submission=draft, pk=line_id).delete()
        if not deleted:
            raise TransitionRefused(_("该人员已不在本业务中。"))
    return draft


# ---------------------------------------------------------------- the check before submit (Kind.validate)


def _with_names(problems, names) -> list[str]:
    messages = [_("第%(n)d行 %(name)s:%(message)s") % {"n": index + 1, "name": names[index], "message": message}
                for index, rows in sorted(problems.items()) for _field, message in rows]
    if len(messages) > MAX_MESSAGES:
        rest = len(messages) - MAX_MESSAGES
        messages = messages[:MAX_MESSAGES] + [_("……另有%(n)d处问题,请逐行修改。") % {"n": rest}]
    return messages


def _merge(*dicts):
    merged: dict = {}
    for d in dicts:
        for index, rows in d.items():
            merged.setdefault(index, []).extend(rows)
    return merged


def lines_problems(submission: Submission) -> list[str]:
    """Everything wrong with a multi-line draft now (rules re-run on every line: months move on, registries
    change); an empty list means it may be submitted."""
    kind = submission.kind
    unit = submission.unit
    unit_types = unit_insurance_types(unit)
    lines = list(LINE_MODELS[kind].objects.filter(submission=submission).select_related(
        *([] if kind in (KindCode.STAFF_ENROL, KindCode.STAFF_ADD) else ["person"])))
    if not lines:
        return [_("请至少添加一名人员。")]
    plain: dict[int, list] = {}
    rows = []
    for index, line in enumerate(lines):
        if kind in (KindCode.STAFF_ENROL, KindCode.STAFF_ADD):
            cleaned, errors = rules.join_row_errors(join_line_row(line), unit_types=unit_types,
                                                    new_person=kind == KindCode.STAFF_ENROL)
            cleaned["person_id"] = line.person_id
        elif kind == KindCode.STAFF_STOP:
            cleaned, errors = rules.stop_row_errors(stop_line_row(line), unit_types=unit_types)
            cleaned["person_id"] = line.person_id
        else:
            cleaned, errors = rules.resume_row_errors(resume_line_row(line), unit_types=unit_types)
            cleaned["person_id"] = line.person_id
        rows.append(cleaned)
        if errors:
            plain[index] = errors
    if kind in (KindCode.STAFF_ENROL, KindCode.STAFF_ADD):
        registry = rules.join_registry_errors(rows, unit=unit, new_person=kind == KindCode.STAFF_ENROL)
        names = [line.name for line in lines]
    elif kind == KindCode.STAFF_STOP:
        registry = rules.stop_registry_errors(rows, unit=unit)
        names = [line.person.name for line in lines]
    else:
        registry = rules.resume_registry_errors(rows, unit=unit)
        names = [line.person.name for line in lines]
    return _with_names(_merge(plain, registry), names)
