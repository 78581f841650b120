"""减员 (停保) and 续保: pick persons from the unit's list, reasons that suspend or terminate, effects on approval."""

import pytest
from django.urls import reverse

from enrollment.models import Membership, MembershipChange, ResumeLine, StopLine
from enrollment.services import membership_stop
from reviews.models import Submission
from reviews.services import TransitionRefused, submission_transition

from . import factories as ef

STOP = reverse("unit:stop_new")
RESUME = reverse("unit:resume_new")
ALL = {"110", "210", "310", "410", "510"}


def pick(client, url, persons, **data):
    body = {"persons": [p.pk for p in persons], "reason": "28", "stop_month": ef.this_month(),
            "client_token": data.pop("token", ""), **data}
    return client.post(url, body, follow=True)


@pytest.mark.django_db
def test_the_stop_page_lists_paying_staff_searchable_by_name_and_id(agent_client, staff):
    page = agent_client.get(STOP).content.decode()
    assert "张三" in page and "李四" in page and "减员原因" in page and "停保年月" in page
    assert staff[0].id_number not in page  # masked in the list
    by_name = agent_client.get(STOP, {"q": "李"}).content.decode()
    assert "李四" in by_name and "张三" not in by_name
    by_id = agent_client.get(STOP, {"q": staff[0].id_number[-6:]}).content.decode()
    assert staff[0].name in by_id and staff[1].name not in by_id


@pytest.mark.django_db
@pytest.mark.parametrize(("reason", "status"), [
    ("21", "2"), ("22", "2"), ("28", "2"), ("29", "2"), ("99", "2"),  # 解除劳动合同 参军 辞职 辞退 其他: suspend
    ("31", "3"), ("32", "3"),  # 退休 死亡: terminate
])
def test_reasons_suspend_or_terminate_from_the_stop_month_after_approval(
        agent_client, staff, agent, district_reviewer, reason, status):
    response = pick(agent_client, STOP, staff, reason=reason, stop_month=ef.this_month(1), token="s1")
    assert "已加入2人" in response.content.decode()
    submission = Submission.objects.get(kind="staff_stop")
    agent_client.post(reverse("unit:staff_submit", kwargs={"pk": submission.pk}))
    assert {m.status for m in Membership.objects.filter(unit=submission.unit)} == {"1"}  # not before approval
    submission_transition(submission_id=submission.pk, action="take", by=district_reviewer)
    submission_transition(submission_id=submission.pk, action="approve", by=district_reviewer)
    for person in staff:
        rows = Membership.objects.filter(person=person, unit=submission.unit)
        assert {(m.status, m.stop_month, m.reason) for m in rows} == {(status, ef.this_month(1), reason)}
    assert MembershipChange.objects.filter(submission=submission, old_status="1", new_status=status).count() == 10


@pytest.mark.django_db
def test_stop_only_some_types(agent_client, staff, agent, district_reviewer):
    pick(agent_client, STOP, staff[:1], insurance_types=["410"])
    submission = Submission.objects.get(kind="staff_stop")
    ef.approve(submission, agent, district_reviewer)
    assert ef.statuses(staff[0]) == {"110": "1", "210": "1", "310": "1", "410": "2", "510": "1"}


@pytest.mark.django_db
def test_stop_month_out_of_the_window_is_refused(agent_client, staff):
    page = pick(agent_client, STOP, staff, stop_month=ef.this_month(-4)).content.decode()
    assert "最多可补办前3个月" in page
    assert not StopLine.objects.exists()


@pytest.mark.django_db
def test_a_foreign_person_cannot_be_picked(agent_client, staff, foreign_opened, foreign_agent, city_reviewer):
    row = ef.join_row(name="外人")
    ef.enrol(foreign_agent, city_reviewer, [row])
    from accounts.models import Person

    stranger = Person.objects.get(id_number=row["id_number"])
    page = pick(agent_client, STOP, [stranger]).content.decode()
    assert "不在可办理的名单中" in page
    assert not StopLine.objects.exists()
    assert ef.statuses(stranger) == {t: "1" for t in ALL}


@pytest.mark.django_db
def test_picked_persons_leave_the_candidates_and_can_be_removed(agent_client, staff):
    pick(agent_client, STOP, staff[:1], token="s2")
    submission = Submission.objects.get(kind="staff_stop")
    edit = reverse("unit:stop_edit", kwargs={"pk": submission.pk})
    page = agent_client.get(edit).content.decode()
    candidates = page[page.index("candidates"):]
    assert staff[1].name in candidates and staff[0].name not in candidates
    line = StopLine.objects.get()
    agent_client.post(reverse("unit:line_remove", kwargs={"pk": submission.pk, "line": line.pk}))
    assert not StopLine.objects.exists()


@pytest.mark.django_db
def test_a_terminated_suspension_keeps_its_earlier_stop_month(staff, agent, district_reviewer):
    ef.stop(agent, district_reviewer, staff[:1], reason="28", month=ef.this_month(-1))
    ef.stop(agent, district_reviewer, staff[:1], reason="31", month=ef.this_month(1))
    assert {(m.status, m.stop_month) for m in Membership.objects.filter(person=staff[0])} == {("3", ef.this_month(-1))}


@pytest.mark.django_db
def test_stop_apply_is_idempotent(staff, agent, district_reviewer):
    submission = ef.stop(agent, district_reviewer, staff, reason="28")
    assert membership_stop(submission=submission) == 0
    assert MembershipChange.objects.filter(submission=submission).count() == 10


@pytest.mark.django_db
def test_resume_lists_only_suspended_persons_and_pays_again(agent_client, staff, agent, district_reviewer):
    ef.stop(agent, district_reviewer, staff[:1], reason="28", month=ef.this_month(-1))
    page = agent_client.get(RESUME).content.decode()
    candidates = page[page.index("candidates"):]
    assert staff[0].name in candidates and staff[1].name not in candidates
    body = {"persons": [staff[0].pk], "reason": "41", "month": ef.this_month(), "wage": "9000"}
    assert "已加入1人" in agent_client.post(RESUME, body, follow=True).content.decode()
    submission = Submission.objects.get(kind="staff_resume")
    ef.approve(submission, agent, district_reviewer)
    rows = Membership.objects.filter(person=staff[0])
    assert {(m.status, m.start_month, m.stop_month, str(m.wage), m.reason) for m in rows} == {
        ("1", ef.this_month(), "", "9000.00", "41")}


@pytest.mark.django_db
def test_resume_before_the_stop_month_is_refused(agent_client, staff, agent, district_reviewer):
    ef.stop(agent, district_reviewer, staff[:1], reason="28", month=ef.this_month(1))
    body = {"persons": [staff[0].pk], "reason": "41", "month": ef.this_month()}
    page = agent_client.post(RESUME, body).content.decode()
    assert "续保年月不能早于停保年月" in page
    assert not ResumeLine.objects.exists()


@pytest.mark.django_db
def test_resume_is_refused_while_paying_elsewhere(staff, agent, district_reviewer, foreign_opened, foreign_agent,
                                                  city_reviewer):
    ef.stop(agent, district_reviewer, staff[:1], reason="28", month=ef.this_month(-1))
    ef.enrol(foreign_agent, city_reviewer, [ef.join_row(id_number=staff[0].id_number)], kind="staff_add")
    with pytest.raises(TransitionRefused, match=r"外单\*\*\*公司"):
        ef.resume(agent, district_reviewer, staff[:1])


@pytest.mark.django_db
def test_resume_apply_rechecks_the_one_paying_unit_rule(staff, agent, district_reviewer, foreign_opened,
                                                        foreign_agent, city_reviewer):
    ef.stop(agent, district_reviewer, staff[:1], reason="28", month=ef.this_month(-1))
    submission = ef.resume(agent, district_reviewer, staff[:1], approve_it=False)
    submission_transition(submission_id=submission.pk, action="submit", by=agent)
    submission_transition(submission_id=submission.pk, action="take", by=district_reviewer)
    ef.enrol(foreign_agent, city_reviewer, [ef.join_row(id_number=staff[0].id_number)], kind="staff_add")
    with pytest.raises(TransitionRefused, match="不能办结"):
        submission_transition(submission_id=submission.pk, action="approve", by=district_reviewer)
    assert set(ef.statuses(staff[0], agent.unit).values()) == {"2"}


@pytest.mark.django_db
def test_summaries_show_reason_month_and_effect(agent_client, staff, agent, district_reviewer):
    submission = ef.stop(agent, district_reviewer, staff[:1], reason="31", month=ef.this_month())
    page = agent_client.get(reverse("unit:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert "退休" in page and "终止缴费" in page and staff[0].name in page


@pytest.mark.django_db
def test_foreign_stop_drafts_are_404(agent_client, staff, foreign_opened, foreign_agent, city_reviewer):
    row = ef.join_row()
    ef.enrol(foreign_agent, city_reviewer, [row])
    from accounts.models import Person

    foreign = ef.stop(foreign_agent, city_reviewer, [Person.objects.get(id_number=row["id_number"])],
                      approve_it=False)
    for name in ("unit:stop_edit", "unit:resume_edit"):
        assert agent_client.get(reverse(name, kwargs={"pk": foreign.pk})).status_code == 404
    assert agent_client.post(reverse("unit:stop_edit", kwargs={"pk": foreign.pk}),
                             {"persons": [staff[0].pk], "reason": "28",
                              "stop_month": ef.this_month()}).status_code == 404


@pytest.mark.django_db
def test_the_resume_draft_page_lists_the_picked_person(agent_client, staff, agent, district_reviewer):
    ef.stop(agent, district_reviewer, staff[:1], reason="22", month=ef.this_month(-1))
    agent_client.post(RESUME, {"persons": [staff[0].pk], "reason": "43", "month": ef.this_month()})
    submission = Submission.objects.get(kind="staff_resume")
    page = agent_client.get(reverse("unit:resume_edit", kwargs={"pk": submission.pk})).content.decode()
    lines = page[page.index("lines-table"):page.index("candidates")]
    assert staff[0].name in lines and "退役返岗" in lines
