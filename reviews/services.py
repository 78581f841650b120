"""Workflow services: create a submission and move it through its states — the only way ``state`` changes."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from siportal.core.errors import DomainError
from siportal.core.services import sequence_next, sms_send

from .models import OPEN_STATES, TRANSITION_LABELS, State, Submission
from .permissions import can_submit, separation_of_duties_refusal
from .registry import get_kind


class TransitionRefused(DomainError):
    """A transition the user may not make now; ``str()`` is the message to show."""


#: Action names used by views and admin → transition method on ``Submission``.
ACTIONS = {
    "submit": "submit",
    "edit": "edit",
    "withdraw": "withdraw",
    "take": "take",
    "approve": "approve",
    "return": "send_back",
    "auto_approve": "auto_approve",
}

#: Transitions made by centre staff (separation of duties applies).
REVIEW_METHODS = {"take", "approve", "send_back"}


def _owner_filter(*, unit=None, person=None) -> dict:
    return {"unit": unit} if unit is not None else {"person": person}


def submission_create(*, kind: str, by, unit=None, person=None, client_token: str = "") -> tuple[Submission, bool]:
    """Create a draft of ``kind`` for a unit or a person. Returns ``(submission, created)``.

    The same ``client_token`` (the form's one-time token) returns the submission made by the first request, so a
    double click never creates two. For ``single_open`` kinds an unfinished one is returned instead of a new one.
    Raises ``TransitionRefused`` when the owner may not start this kind now.
    """
    spec = get_kind(kind)
    owner = unit if unit is not None else person
    if client_token:
        existing = Submission.objects.filter(submitter=by, client_token=client_token).first()
        if existing:
            return existing, False
    if not spec.may_start(owner):
        raise TransitionRefused(_("当前不能办理“%(kind)s”。") % {"kind": spec.label})
    if spec.single_open:
        existing = Submission.objects.filter(kind=kind, state__in=OPEN_STATES, **_owner_filter(unit=unit, person=person)).first()
        if existing:
            return existing, False
    region = unit.region if unit is not None else person.region
    try:
        with transaction.atomic():
            today = timezone.localdate()
            number = f"{today:%Y%m%d}{sequence_next(name=f'submission:{today:%Y%m%d}'):06d}"
            submission = Submission.objects.create(
                number=number, kind=kind, unit=unit, person=person, region=region, submitter=by,
                client_token=client_token,
            )
    except IntegrityError:
        existing = Submission.objects.filter(submitter=by, client_token=client_token).first()
        if client_token and existing:
            return existing, False
        raise
    return submission, True


def submission_transition(*, submission_id: int, action: str, by, reason: str = "") -> Submission:
    """Move one submission through ``action`` (submit, edit, withdraw, take, approve, return, auto_approve).

    Steps, in one database transaction:
      1. lock the row (``select_for_update``) and reload it;
      2. check the transition is possible from the current state and that ``by`` may make it (a reviewer's
         transitions also obey separation of duties: ``permissions.separation_of_duties_refusal``);
      3. for ``submit``, run the kind's ``validate``; for ``return``, require a reason;
      4. transition and save (django-fsm-log writes the audit row from the transition);
      5. on ``approve`` / ``auto_approve``, run the kind's ``apply()``; any error rolls everything back;
      6. after a ``submit`` that the kind auto-approves (VIP), carry on to ``auto_approve``.
    After commit: an SMS to the submitter when an item is returned or done.
    Raises ``TransitionRefused`` with a message for the user.
    """
    if action not in ACTIONS:
        raise TransitionRefused(_("未知操作。"))
    method_name = ACTIONS[action]
    try:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission_id)
            _apply_one(submission, method_name, by, reason)
            if action == "submit" and has_transition_perm(submission.auto_approve, by):
                _apply_one(submission, "auto_approve", by, "")
    except ConcurrentTransition as exc:
        raise TransitionRefused(_("该业务已被他人处理,请刷新后查看。")) from exc
    return submission


def _apply_one(submission: Submission, method_name: str, by, reason: str) -> None:
    method = getattr(submission, method_name)
    label = TRANSITION_LABELS[method_name]
    if not can_proceed(method):
        raise TransitionRefused(
            _("业务 %(number)s 当前状态为“%(state)s”,不能%(action)s。")
            % {"number": submission.number, "state": submission.get_state_display(), "action": label}
        )
    staff = by.is_staff or by.is_superuser
    refusal = separation_of_duties_refusal(submission, by) if staff and method_name in REVIEW_METHODS else None
    if refusal:
        raise TransitionRefused(refusal)
    if not has_transition_perm(method, by):
        raise TransitionRefused(_("您无权对业务 %(number)s 执行“%(action)s”。") % {"number": submission.number,
                                                                              "action": label})
    spec = get_kind(submission.kind)
    if method_name == "submit":
        try:
            spec.validate(submission)
        except ValidationError as exc:
            raise TransitionRefused(";".join(exc.messages)) from exc
        if spec.lines is not None:
            from .drafts import draft_problems

            problems = draft_problems(submission)
            if problems:
                raise TransitionRefused(";".join(problems))
    if method_name == "send_back" and not reason.strip():
        raise TransitionRefused(_("回退必须填写原因。"))
    method(by=by, description=reason.strip() or None)
    now = timezone.now()
    if method_name == "submit":
        submission.submitted_at = now
    if method_name in ("approve", "auto_approve"):
        submission.decided_at = now
    submission.save()
    if method_name in ("approve", "auto_approve"):
        spec.apply(submission)
    if method_name in ("approve", "auto_approve", "send_back"):
        _notify_submitter(submission)


def _notify_submitter(submission: Submission) -> None:
    mobile = submission.submitter.mobile
    if not mobile:
        return
    if submission.state == State.DONE:
        text = _("【社保网厅】您的业务 %(number)s(%(kind)s)已办结。") % {"number": submission.number,
                                                                 "kind": submission.kind_label}
    else:
        text = _("【社保网厅】您的业务 %(number)s(%(kind)s)已回退,原因:%(reason)s。请登录网厅修改后重新提交。") % {
            "number": submission.number, "kind": submission.kind_label, "reason": submission.return_reason}
    sms_send(mobile=mobile, text=text)


def submission_save_line(*, kind: str, by, owner, line, submission=None, client_token: str = ""):
    """Save the single line of a single-line kind: a new draft, or the edit of a draft or returned item.

    A returned item goes back to draft (``edit``) when its line is saved. A repeated form post (same
    ``client_token``) returns the first submission untouched. Returns ``(submission, created)``.
    """
    from accounts.models import Unit

    unit, person = (owner, None) if isinstance(owner, Unit) else (None, owner)
    with transaction.atomic():
        created = False
        if submission is None:
            submission, created = submission_create(kind=kind, by=by, unit=unit, person=person,
                                                    client_token=client_token)
            repeated = bool(client_token) and submission.client_token == client_token
            if not created and (repeated or submission.state not in (State.DRAFT, State.RETURNED)):
                return submission, False
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state == State.RETURNED:
            submission = submission_transition(submission_id=submission.pk, action="edit", by=by)
        elif submission.state != State.DRAFT:
            raise TransitionRefused(_("该业务已提交,不能修改。"))
        elif not can_submit(submission, by):
            raise TransitionRefused(_("您无权修改该业务。"))
        line.submission = submission  # the line's primary key is its submission: saving again updates it
        line.save()
    return submission, created


def submission_save_and_submit(*, kind: str, by, owner, line, submission=None, client_token: str = "",
                               submit: bool = False) -> tuple[Submission, bool]:
    """The one action of a single-line kind's form: save its line (``submission_save_line``) and, when asked
    (提交审批), submit it — one transaction, so a refused submit leaves nothing saved. Returns
    ``(submission, submitted)``."""
    with transaction.atomic():
        submission, _created = submission_save_line(kind=kind, by=by, owner=owner, line=line, submission=submission,
                                                    client_token=client_token)
        if not (submit and submission.state == State.DRAFT):
            return submission, False
        return submission_transition(submission_id=submission.pk, action="submit", by=by), True


def submission_review(*, submission_id: int, action: str, by, reason: str = "") -> Submission:
    """The reviewer's one action from the review page or a bulk action: 受理, or 审核通过 / 回退 — which take an
    untaken item first (two audit rows) — in one transaction: a refused decision leaves the item untaken."""
    with transaction.atomic():
        state = Submission.objects.values_list("state", flat=True).get(pk=submission_id)
        if action in ("approve", "return") and state == State.SUBMITTED:
            submission_transition(submission_id=submission_id, action="take", by=by)
        return submission_transition(submission_id=submission_id, action=action, by=by, reason=reason)
