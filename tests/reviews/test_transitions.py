"""Every state × every action through the one service: allowed or refused, and what an allowed one leaves."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django_fsm_log.models import StateLog

from reviews.models import Submission
from reviews.services import TransitionRefused, submission_create, submission_transition

STATES = ["draft", "submitted", "in_review", "done", "returned", "cancelled"]
ALLOWED = {
    ("draft", "submit"): "submitted",
    ("draft", "withdraw"): "cancelled",
    ("returned", "edit"): "draft",
    ("returned", "withdraw"): "cancelled",
    ("submitted", "take"): "in_review",
    ("in_review", "approve"): "done",
    ("in_review", "return"): "returned",
}
ACTOR = {"submit": "agent", "edit": "agent", "withdraw": "agent", "take": "reviewer", "approve": "reviewer",
         "return": "reviewer", "auto_approve": "agent"}
ACTIONS = list(ACTOR)


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_state_action_table(make_submission, agent, district_reviewer, effects, state, action):
    submission = make_submission(state)
    by = agent if ACTOR[action] == "agent" else district_reviewer
    expected = ALLOWED.get((state, action))
    if expected is None:
        with pytest.raises(TransitionRefused):
            submission_transition(submission_id=submission.pk, action=action, by=by, reason="原因")
        submission.refresh_from_db()
        assert submission.state == state
    else:
        result = submission_transition(submission_id=submission.pk, action=action, by=by, reason="原因")
        assert result.state == expected
        submission.refresh_from_db()
        assert submission.state == expected
    assert effects.applied == ([submission.pk] if state == "done" or expected == "done" else [])


@pytest.mark.django_db
def test_every_transition_writes_an_audit_row_with_actor(make_submission, agent, district_reviewer):
    submission = make_submission("returned")
    logs = StateLog.objects.filter(content_type=ContentType.objects.get_for_model(Submission),
                                   object_id=submission.pk).order_by("id")
    assert [(log.transition, log.by) for log in logs] == [
        ("submit", agent), ("take", district_reviewer), ("send_back", district_reviewer)]
    assert logs.last().description == "材料不全"


@pytest.mark.django_db
def test_return_needs_a_reason(make_submission, district_reviewer):
    submission = make_submission("in_review")
    with pytest.raises(TransitionRefused, match="原因"):
        submission_transition(submission_id=submission.pk, action="return", by=district_reviewer, reason="  ")


@pytest.mark.django_db
def test_agent_cannot_review_and_reviewer_cannot_submit(make_submission, agent, district_reviewer):
    submitted = make_submission("submitted")
    with pytest.raises(TransitionRefused, match="无权"):
        submission_transition(submission_id=submitted.pk, action="take", by=agent)
    draft = make_submission("draft")
    with pytest.raises(TransitionRefused, match="无权"):
        submission_transition(submission_id=draft.pk, action="submit", by=district_reviewer)


@pytest.mark.django_db
def test_other_units_agent_cannot_touch_the_draft(make_submission, foreign_agent):
    draft = make_submission("draft")
    for action in ("submit", "withdraw"):
        with pytest.raises(TransitionRefused, match="无权"):
            submission_transition(submission_id=draft.pk, action=action, by=foreign_agent)


@pytest.mark.django_db
def test_reviewer_outside_the_region_is_refused(make_submission, other_reviewer, city_reviewer):
    submitted = make_submission("submitted")
    with pytest.raises(TransitionRefused, match="无权"):
        submission_transition(submission_id=submitted.pk, action="take", by=other_reviewer)
    # the city reviewer serves every district of the city
    assert submission_transition(submission_id=submitted.pk, action="take", by=city_reviewer).state == "in_review"


@pytest.mark.django_db
def test_only_the_reviewer_who_took_it_decides(make_submission, city_reviewer):
    in_review = make_submission("in_review")
    with pytest.raises(TransitionRefused, match="无权"):
        submission_transition(submission_id=in_review.pk, action="approve", by=city_reviewer)


@pytest.mark.django_db
def test_auto_approval_goes_straight_to_done_and_is_recorded(make_submission, agent, effects):
    effects.auto = True
    draft = make_submission("draft")
    done = submission_transition(submission_id=draft.pk, action="submit", by=agent)
    assert done.state == "done" and done.auto_approved
    assert effects.applied == [draft.pk]
    transitions = list(StateLog.objects.filter(object_id=draft.pk).order_by("id").values_list("transition", flat=True))
    assert transitions == ["submit", "auto_approve"]


@pytest.mark.django_db
def test_apply_failure_rolls_back_the_approval(test_kind, make_submission, district_reviewer, monkeypatch):
    from reviews import registry

    def boom(submission):
        raise RuntimeError("effect failed")

    monkeypatch.setitem(registry._KINDS, "test_kind", registry.Kind(code="test_kind", label="测试业务", hall="unit",
                                                                    apply=boom))
    submission = make_submission("in_review")
    with pytest.raises(RuntimeError):
        submission_transition(submission_id=submission.pk, action="approve", by=district_reviewer)
    submission.refresh_from_db()
    assert submission.state == "in_review"
    assert not StateLog.objects.filter(object_id=submission.pk, transition="approve").exists()


@pytest.mark.django_db
def test_same_client_token_creates_one_submission(test_kind, agent):
    first, created = submission_create(kind="test_kind", by=agent, unit=agent.unit, client_token="tok-1")
    again, created_again = submission_create(kind="test_kind", by=agent, unit=agent.unit, client_token="tok-1")
    assert created and not created_again and first.pk == again.pk
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_state_cannot_be_assigned_directly(make_submission):
    submission = make_submission("draft")
    with pytest.raises(AttributeError):
        submission.state = "done"


@pytest.mark.django_db
@pytest.mark.parametrize(("is_vip", "kinds", "expected"), [
    (True, ["test_kind"], "done"),
    (True, [], "submitted"),  # VIP, but this kind is not on the unit's rule
    (False, ["test_kind"], "submitted"),  # a rule left behind after the VIP flag was removed
])
def test_vip_rule_auto_approves_listed_kinds(make_submission, agent, effects, is_vip, kinds, expected):
    from reviews.models import AutoApprovalRule

    unit = agent.unit
    unit.is_vip = is_vip
    unit.save()
    AutoApprovalRule.objects.create(unit=unit, kinds=kinds)
    draft = make_submission("draft")
    result = submission_transition(submission_id=draft.pk, action="submit", by=agent)
    assert result.state == expected
    assert result.auto_approved == (expected == "done")
    assert effects.applied == ([draft.pk] if expected == "done" else [])
