"""职工新参保登记 through the hall pages: a draft of several persons, per-line refusals, submit once, approve."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Person
from enrollment.models import JoinLine, Membership, MembershipChange
from enrollment.services import membership_enrol
from reviews.models import Submission
from reviews.services import TransitionRefused, submission_transition
from tests import factories

from . import factories as ef

NEW = reverse("unit:enrol_new")


def edit_url(submission):
    return reverse("unit:enrol_edit", kwargs={"pk": submission.pk})


def add(client, url=NEW, token="", **overrides):
    return client.post(url, {**ef.join_post(**overrides), "client_token": token}, follow=True)


@pytest.fixture
def draft(agent_client, opened):
    """A draft with 张三 and 李四 entered through the page."""
    add(agent_client, name="张三", token="t-1")
    submission = Submission.objects.get(kind="staff_enrol")
    add(agent_client, url=edit_url(submission), name="李四")
    return submission


@pytest.mark.django_db
def test_the_menu_and_the_form_page(agent_client, opened):
    home = agent_client.get(reverse("unit:home")).content.decode()
    assert NEW in home and "职工新参保登记" in home
    page = agent_client.get(NEW).content.decode()
    for text in ("证件号码", "民族", "户口性质", "用工形式", "参加工作日期", "缴费工资", "参保年月", "required-mark"):
        assert text in page
    assert "asteriskField" in page  # crispy marks the required fields


@pytest.mark.django_db
def test_unopened_unit_is_sent_to_the_opening(agent_client):
    response = agent_client.get(NEW)
    assert response.status_code == 302 and response["Location"] == reverse("unit:home")


@pytest.mark.django_db
def test_two_persons_on_one_draft_with_derived_sex_and_masked_ids(agent_client, draft):
    lines = list(JoinLine.objects.filter(submission=draft))
    assert [line.name for line in lines] == ["张三", "李四"]
    page = agent_client.get(edit_url(draft)).content.decode()
    number = lines[0].id_number
    assert f"{number[:6]}********{number[-4:]}" in page and number not in page
    assert lines[0].get_sex_display() in page and lines[0].birth_date.strftime("%Y-%m-%d") in page
    assert draft.number in agent_client.get(reverse("unit:todo")).content.decode()


@pytest.mark.django_db
def test_a_repeated_first_post_creates_one_draft_and_one_line(agent_client, opened):
    data = {**ef.join_post(), "client_token": "same"}
    agent_client.post(NEW, data)
    agent_client.post(NEW, data)
    assert Submission.objects.count() - 1 == 1  # the opening, and one enrolment
    assert JoinLine.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), [
    ({"id_number": ef.bad_checksum(ef.id_number())}, "校验码"),
    ({"start_month": ef.this_month(-4)}, "最多可补办前3个月"),
    ({"start_month": ef.this_month(2)}, "最多只能预办下个月"),
])
def test_bad_lines_are_refused_with_a_reason(agent_client, draft, overrides, message):
    page = add(agent_client, url=edit_url(draft), **overrides).content.decode()
    assert message in page
    assert JoinLine.objects.filter(submission=draft).count() == 2


@pytest.mark.django_db
def test_a_person_already_in_the_registry_is_offered_add_without_their_name(agent_client, draft):
    person = factories.person(id_number=ef.id_number(), name="王五")
    page = add(agent_client, url=edit_url(draft), id_number=person.id_number).content.decode()
    assert "该证件号码已在人员库中,不能新参保登记,请办理“增员”" in page
    assert "王五" not in page and "王*" not in page  # an ID typed by mistake must not tell whose it is


@pytest.mark.django_db
def test_a_person_insured_in_this_unit_is_told_so_not_sent_to_add(agent_client, staff, agent, district_reviewer):
    page = add(agent_client, id_number=staff[0].id_number, name="某某").content.decode()
    assert "该人员已在本单位参保缴费,不需要再办理参保登记" in page and "请办理“增员”" not in page
    ef.stop(agent, district_reviewer, [staff[1]], reason="28")
    page = add(agent_client, id_number=staff[1].id_number, name="某某").content.decode()
    assert "该人员已在本单位参保(暂停缴费),请办理“续保”" in page
    assert staff[0].name not in page and staff[1].name not in page


@pytest.mark.django_db
def test_the_same_person_twice_in_one_submission_is_refused(agent_client, draft):
    first = JoinLine.objects.filter(submission=draft).first()
    page = add(agent_client, url=edit_url(draft), id_number=first.id_number).content.decode()
    assert "同一业务中不能重复录入" in page


@pytest.mark.django_db
def test_remove_a_line(agent_client, draft):
    line = JoinLine.objects.filter(submission=draft, name="李四").get()
    agent_client.post(reverse("unit:line_remove", kwargs={"pk": draft.pk, "line": line.pk}))
    assert list(JoinLine.objects.filter(submission=draft).values_list("name", flat=True)) == ["张三"]


@pytest.mark.django_db
def test_submit_once_then_nothing_happens_until_approval(agent_client, draft, district_reviewer):
    response = agent_client.post(reverse("unit:staff_submit", kwargs={"pk": draft.pk}), follow=True)
    assert "已提交" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "submitted"
    assert not Person.objects.exists() and not Membership.objects.exists()
    # A submitted draft can no longer be changed from its page.
    assert agent_client.get(edit_url(draft))["Location"] == reverse("unit:submission_detail", kwargs={"pk": draft.pk})
    submission_transition(submission_id=draft.pk, action="take", by=district_reviewer)
    submission_transition(submission_id=draft.pk, action="approve", by=district_reviewer)
    persons = Person.objects.order_by("pk")
    assert [p.name for p in persons] == ["张三", "李四"]
    assert all(p.region_id == draft.unit.region_id and p.ethnicity == "01" and p.hukou_type == "11" for p in persons)
    for person in persons:
        assert ef.statuses(person, draft.unit) == {t: "1" for t in ("110", "210", "310", "410", "510")}
    m = Membership.objects.filter(person=persons[0]).first()
    assert m.start_month == ef.this_month() and str(m.wage) == "6500.00" and m.last_submission_id == draft.pk
    assert MembershipChange.objects.filter(submission=draft).count() == 10


@pytest.mark.django_db
def test_an_empty_draft_cannot_be_submitted(agent_client, draft):
    for line in JoinLine.objects.filter(submission=draft):
        agent_client.post(reverse("unit:line_remove", kwargs={"pk": draft.pk, "line": line.pk}))
    response = agent_client.post(reverse("unit:staff_submit", kwargs={"pk": draft.pk}), follow=True)
    assert "请至少添加一名人员" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"


@pytest.mark.django_db
def test_a_person_registered_meanwhile_is_caught_at_submit(agent_client, draft):
    line = JoinLine.objects.filter(submission=draft).first()
    factories.person(id_number=line.id_number, name=line.name)
    response = agent_client.post(reverse("unit:staff_submit", kwargs={"pk": draft.pk}), follow=True)
    page = response.content.decode()
    assert "第1行 张三" in page and "增员" in page
    draft.refresh_from_db()
    assert draft.state == "draft"


@pytest.mark.django_db
def test_returned_draft_is_fixed_on_its_page_and_resubmitted(agent_client, draft, agent, district_reviewer):
    submission_transition(submission_id=draft.pk, action="submit", by=agent)
    submission_transition(submission_id=draft.pk, action="take", by=district_reviewer)
    submission_transition(submission_id=draft.pk, action="return", by=district_reviewer, reason="李四工资有误")
    page = agent_client.get(edit_url(draft)).content.decode()
    assert "李四工资有误" in page
    line = JoinLine.objects.get(submission=draft, name="李四")
    agent_client.post(reverse("unit:line_remove", kwargs={"pk": draft.pk, "line": line.pk}))
    draft.refresh_from_db()
    assert draft.state == "draft"  # 修改: back in the submitter's hands
    add(agent_client, url=edit_url(draft), name="李四", wage="7200")
    agent_client.post(reverse("unit:staff_submit", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.state == "submitted"


@pytest.mark.django_db
def test_apply_is_idempotent(draft, agent, district_reviewer):
    ef.approve(draft, agent, district_reviewer)
    membership_enrol(submission=draft)
    assert Person.objects.count() == 2 and Membership.objects.count() == 10
    assert MembershipChange.objects.count() == 10


@pytest.mark.django_db
def test_hall_detail_and_reviewer_page_show_the_lines(agent_client, draft, agent, district_reviewer):
    submission_transition(submission_id=draft.pk, action="submit", by=agent)
    detail = agent_client.get(reverse("unit:submission_detail", kwargs={"pk": draft.pk})).content.decode()
    assert "张三" in detail and "李四" in detail and "共 2 人" in detail
    reviewer = Client()
    reviewer.force_login(district_reviewer)
    admin = reviewer.get(reverse("admin:reviews_submission_change", args=[draft.pk])).content.decode()
    assert "张三" in admin and "李四" in admin and "企业职工基本养老保险" in admin


@pytest.mark.django_db
def test_foreign_draft_ids_are_404(agent_client, opened, foreign_agent, foreign_opened):
    foreign = ef.enrol(foreign_agent, None, [ef.join_row()], approve_it=False)
    line = JoinLine.objects.get(submission=foreign)
    assert agent_client.get(edit_url(foreign)).status_code == 404
    assert agent_client.post(edit_url(foreign), ef.join_post()).status_code == 404
    assert agent_client.post(reverse("unit:line_remove", kwargs={"pk": foreign.pk, "line": line.pk})).status_code == 404
    assert agent_client.post(reverse("unit:staff_submit", kwargs={"pk": foreign.pk})).status_code == 404
    assert JoinLine.objects.filter(submission=foreign).count() == 1


@pytest.mark.django_db
def test_master_account_cannot_enrol(client, master, opened):
    client.force_login(master)
    assert client.get(NEW).status_code == 403


@pytest.mark.django_db
def test_removing_a_line_twice_says_it_is_gone(agent_client, draft):
    line = JoinLine.objects.filter(submission=draft).first()
    url = reverse("unit:line_remove", kwargs={"pk": draft.pk, "line": line.pk})
    agent_client.post(url)
    assert "该人员已不在本业务中" in agent_client.post(url, follow=True).content.decode()


@pytest.mark.django_db
def test_a_person_registered_between_submit_and_approval_stops_the_approval(draft, agent, district_reviewer):
    submission_transition(submission_id=draft.pk, action="submit", by=agent)
    submission_transition(submission_id=draft.pk, action="take", by=district_reviewer)
    line = JoinLine.objects.filter(submission=draft).first()
    factories.person(id_number=line.id_number, name=line.name)
    with pytest.raises(TransitionRefused, match="应办理“增员”"):
        submission_transition(submission_id=draft.pk, action="approve", by=district_reviewer)
    draft.refresh_from_db()
    assert draft.state == "in_review" and not Membership.objects.exists() and Person.objects.count() == 1


@pytest.mark.django_db
def test_the_approval_refusal_quotes_the_typed_name_not_the_registrys(draft, agent, district_reviewer):
    submission_transition(submission_id=draft.pk, action="submit", by=agent)
    submission_transition(submission_id=draft.pk, action="take", by=district_reviewer)
    line = JoinLine.objects.filter(submission=draft).first()
    factories.person(id_number=line.id_number, name="登记库姓名")
    with pytest.raises(TransitionRefused) as refused:
        submission_transition(submission_id=draft.pk, action="approve", by=district_reviewer)
    assert line.name in str(refused.value) and "登记库姓名" not in str(refused.value)
