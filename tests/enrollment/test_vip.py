"""VIP units (DOMAIN §2.16): the staff movements their rule lists are approved on submit, without review."""

import pytest
from django.urls import reverse

from accounts.models import Person, Unit
from enrollment.models import KindCode, Membership, MembershipChange
from reviews.models import AutoApprovalRule, Submission
from reviews.registry import kind_choices
from reviews.services import TransitionRefused, submission_transition

from . import factories as ef

STAFF_MOVEMENTS = {KindCode.STAFF_ENROL, KindCode.STAFF_ADD, KindCode.STAFF_STOP, KindCode.STAFF_RESUME}


@pytest.fixture
def vip(opened, city_reviewer):
    Unit.objects.filter(pk=opened.pk).update(is_vip=True)
    AutoApprovalRule.objects.create(unit=opened, kinds=sorted(STAFF_MOVEMENTS), granted_by=city_reviewer)
    opened.refresh_from_db()
    return opened


def test_only_the_staff_movements_may_be_auto_approved():
    offered = {code for code, _label in kind_choices(vip_only=True)}
    assert STAFF_MOVEMENTS <= offered
    assert not offered & {KindCode.STAFF_DEATH, KindCode.UNIT_CHANGE, KindCode.UNIT_OPENING}


@pytest.mark.django_db
def test_vip_new_enrolment_is_done_on_submit_with_its_effect(agent_client, vip):
    agent_client.post(reverse("unit:enrol_new"), {**ef.join_post(name="周九"), "client_token": "v1"})
    submission = Submission.objects.get(kind=KindCode.STAFF_ENROL)
    response = agent_client.post(reverse("unit:staff_submit", kwargs={"pk": submission.pk}), follow=True)
    assert "已提交并自动办结" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "done" and submission.auto_approved and submission.reviewer is None
    person = Person.objects.get(name="周九")
    assert ef.statuses(person, vip) == {t: "1" for t in ("110", "210", "310", "410", "510")}
    assert "周九" in agent_client.get(reverse("unit:members")).content.decode()


@pytest.mark.django_db
def test_vip_stop_and_resume_are_done_on_submit(vip, agent, district_reviewer):
    ef.enrol(agent, district_reviewer, [ef.join_row(name="吴十", start_month=ef.this_month(-2))])
    person = Person.objects.get(name="吴十")
    stop = ef.stop(agent, None, [person], reason="28", month=ef.this_month(-1))
    assert stop.state == "done" and set(ef.statuses(person).values()) == {"2"}
    resume = ef.resume(agent, None, [person])
    assert resume.state == "done" and set(ef.statuses(person).values()) == {"1"}


@pytest.mark.django_db
def test_a_kind_not_on_the_rule_still_goes_to_review(vip, agent):
    AutoApprovalRule.objects.filter(unit=vip).update(kinds=[KindCode.STAFF_STOP])
    submission = ef.enrol(agent, None, [ef.join_row()], approve_it=False)
    submission = submission_transition(submission_id=submission.pk, action="submit", by=agent)
    assert submission.state == "submitted" and not Membership.objects.exists()


@pytest.mark.django_db
def test_a_non_vip_unit_with_a_rule_still_goes_to_review(opened, agent, city_reviewer):
    AutoApprovalRule.objects.create(unit=opened, kinds=sorted(STAFF_MOVEMENTS), granted_by=city_reviewer)
    submission = ef.enrol(agent, None, [ef.join_row()], approve_it=False)
    submission = submission_transition(submission_id=submission.pk, action="submit", by=agent)
    assert submission.state == "submitted"
    assert not MembershipChange.objects.exists()


@pytest.mark.django_db
def test_a_vip_submission_breaking_a_rule_is_refused_at_submit_not_auto_approved(
        vip, agent, foreign_opened, foreign_agent, city_reviewer):
    row = ef.join_row(name="郑十一", start_month=ef.this_month(-2))
    ef.enrol(foreign_agent, city_reviewer, [row])
    person = Person.objects.get(name="郑十一")
    ef.stop(foreign_agent, city_reviewer, [person], reason="28", month=ef.this_month(-1))
    draft = ef.enrol(agent, None, [{**row, "start_month": ef.this_month()}], kind=KindCode.STAFF_ADD,
                     approve_it=False)
    ef.resume(foreign_agent, city_reviewer, [person], month=ef.this_month())  # the old unit takes them back
    with pytest.raises(TransitionRefused, match="外单\\*\\*\\*公司"):
        submission_transition(submission_id=draft.pk, action="submit", by=agent)
    draft.refresh_from_db()
    assert draft.state == "draft" and not Membership.objects.filter(unit=vip).exists()
