"""单位参保登记 end to end through the hall views and the service: save, submit, return, resubmit, approve."""

import pytest
from django.urls import reverse

from accounts.models import Unit
from enrollment.models import UnitInsurance
from reviews.models import Submission
from reviews.services import submission_transition

NEW_URL = reverse("unit:submission_new", kwargs={"kind": "unit_opening"})


@pytest.mark.django_db
def test_unopened_unit_sees_only_opening_and_its_query(agent_client):
    page = agent_client.get(reverse("unit:home")).content.decode()
    assert "单位参保登记" in page and "单位参保登记查询" in page
    assert "尚未完成参保登记" in page


@pytest.mark.django_db
def test_save_then_submit_from_the_form(agent_client, opening_form):
    response = agent_client.post(NEW_URL, {**opening_form, "client_token": "t1", "save": "1"}, follow=True)
    submission = Submission.objects.get()
    assert submission.state == "draft" and "已保存到“待办”" in response.content.decode()
    assert submission.number in agent_client.get(reverse("unit:todo")).content.decode()
    agent_client.post(reverse("unit:submission_act", kwargs={"pk": submission.pk, "action": "submit"}))
    submission.refresh_from_db()
    assert submission.state == "submitted"


@pytest.mark.django_db
def test_double_post_of_the_same_form_creates_one_submission(agent_client, opening_form):
    data = {**opening_form, "client_token": "same-token", "submit": "1"}
    agent_client.post(NEW_URL, data)
    agent_client.post(NEW_URL, data)
    assert Submission.objects.count() == 1
    assert Submission.objects.get().state == "submitted"


@pytest.mark.django_db
def test_bad_input_gets_messages_and_writes_nothing(agent_client, opening_form):
    data = {**opening_form, "client_token": "t2", "bank_account": "12ab", "insurance_types": [], "save": "1"}
    page = agent_client.post(NEW_URL, data).content.decode()
    assert "银行账号应为8至30位数字" in page and "请至少选择一个参保险种" in page
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_approval_opens_the_unit_with_a_number_and_types(opening_submission, agent, district_reviewer):
    for action, by in (("submit", agent), ("take", district_reviewer), ("approve", district_reviewer)):
        submission_transition(submission_id=opening_submission.pk, action=action, by=by)
    unit = Unit.objects.get(pk=agent.unit_id)
    assert unit.is_opened and unit.unit_number == "990101000001"
    assert unit.address == "示范市东城区人民路1号"
    assert set(UnitInsurance.objects.filter(unit=unit).values_list("insurance_type", flat=True)) == {
        "110", "210", "310", "410", "510"}


@pytest.mark.django_db
def test_nothing_happens_before_approval(opening_submission, agent, district_reviewer):
    submission_transition(submission_id=opening_submission.pk, action="submit", by=agent)
    submission_transition(submission_id=opening_submission.pk, action="take", by=district_reviewer)
    unit = Unit.objects.get(pk=agent.unit_id)
    assert not unit.is_opened and not UnitInsurance.objects.exists()


@pytest.mark.django_db
def test_return_edit_and_resubmit(agent_client, opening_submission, agent, district_reviewer, opening_form):
    submission_transition(submission_id=opening_submission.pk, action="submit", by=agent)
    submission_transition(submission_id=opening_submission.pk, action="take", by=district_reviewer)
    submission_transition(submission_id=opening_submission.pk, action="return", by=district_reviewer,
                          reason="开户银行名称不完整")
    todo = agent_client.get(reverse("unit:todo")).content.decode()
    assert "回退" in todo and "开户银行名称不完整" in todo
    edit_url = reverse("unit:submission_edit", kwargs={"pk": opening_submission.pk})
    assert "开户银行名称不完整" in agent_client.get(edit_url).content.decode()
    agent_client.post(edit_url, {**opening_form, "bank_name": "示范银行股份有限公司东城支行", "submit": "1"}, follow=True)
    opening_submission.refresh_from_db()
    assert opening_submission.state == "submitted"
    assert opening_submission.number not in agent_client.get(reverse("unit:todo")).content.decode()


@pytest.mark.django_db
def test_opened_unit_cannot_open_again(agent_client, opening_submission, agent, district_reviewer):
    for action, by in (("submit", agent), ("take", district_reviewer), ("approve", district_reviewer)):
        submission_transition(submission_id=opening_submission.pk, action=action, by=by)
    response = agent_client.get(NEW_URL, follow=True)
    assert "当前不能办理" in response.content.decode()


@pytest.mark.django_db
def test_master_account_cannot_do_business(client, master):
    client.force_login(master)
    assert client.get(NEW_URL).status_code == 403


@pytest.mark.django_db
def test_one_open_opening_at_a_time(agent_client, opening_submission):
    response = agent_client.get(NEW_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("unit:submission_edit", kwargs={"pk": opening_submission.pk})
