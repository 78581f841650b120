"""经办人管理: add (SMS with the initial password), disable/enable/unbind/reset, scoped to the master's unit."""

import pytest
from django.urls import reverse

from accounts.models import User
from siportal.core.models import AuditEvent, SmsMessage
from tests import factories
from tests.accounts.conftest import link_in, set_password_by_link

pytestmark = pytest.mark.django_db

ACTIONS = ["unit:agent_disable", "unit:agent_enable", "unit:agent_unbind", "unit:agent_reset_password"]


@pytest.fixture
def agent_form():
    return {"name": "钱七", "id_number": factories.make_id_number("19880808", 17), "mobile": "13600000001",
            "username": ""}


def test_list_masks_id_and_mobile(master_client, agent):
    agent.id_number = factories.make_id_number("19900101", 11)
    agent.save()
    page = master_client.get(reverse("unit:agents")).content.decode()
    assert agent.name in page
    assert agent.id_number not in page and agent.id_number[:6] + "********" + agent.id_number[-4:] in page
    assert agent.mobile not in page and agent.mobile[:3] + "****" + agent.mobile[-4:] in page


def test_add_agent_sends_a_one_time_set_password_link(master_client, unit, agent_form, sms, client):
    assert master_client.get(reverse("unit:agent_add")).status_code == 200
    with sms.capture():
        response = master_client.post(reverse("unit:agent_add"), agent_form)
    assert response.status_code == 302
    agent = User.objects.get(mobile="13600000001")
    assert agent.kind == User.Kind.AGENT and agent.unit == unit and agent.must_change_password
    assert agent.username.startswith("jb") and not agent.has_usable_password()
    [text] = sms.texts("13600000001")
    assert text.startswith("【社保网厅】您已被设为" + unit.name + "经办人")
    assert agent.username in text and "设置登录密码" in text
    link = link_in(text)
    # The outbox row keeps the text with the link redacted; the admin shows only that.
    row = SmsMessage.objects.get(mobile="13600000001")
    assert link not in row.text and row.secret_sealed == "" and "******" in row.redacted_text
    assert AuditEvent.objects.filter(action="agent.added", object_id=str(agent.pk)).exists()
    # The agent sets the password through the link, once, then logs in with the mobile.
    master_client.post(reverse("accounts:logout"))
    response = set_password_by_link(client, text, "Agent#Pass2026")
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    agent.refresh_from_db()
    assert agent.check_password("Agent#Pass2026") and not agent.must_change_password
    assert AuditEvent.objects.filter(action="user.password_changed", object_id=str(agent.pk)).exists()
    again = client.get(link, follow=True)
    assert "该链接无效" in again.content.decode()
    assert set_password_by_link(client, text, "Other#Pass2026").status_code == 200
    agent.refresh_from_db()
    assert agent.check_password("Agent#Pass2026")
    response = client.post(reverse("accounts:login"), {"username": "13600000001", "password": "Agent#Pass2026"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_the_set_password_link_refuses_a_forged_token(client, agent):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(agent.pk))
    page = client.get(reverse("accounts:password_set", args=[uid, "abc-0123456789abcdef"]), follow=True)
    assert "该链接无效" in page.content.decode()


def test_add_agent_with_a_chosen_username(master_client, agent_form, sms):
    agent_form["username"] = "qianqi"
    with sms.capture():
        master_client.post(reverse("unit:agent_add"), agent_form)
    assert User.objects.filter(username="qianqi", kind="agent").exists()


@pytest.mark.parametrize("field, value, message", [
    ("id_number", "110105199001011234", "校验码不正确"),
    ("mobile", "1360000", "手机号码"),
])
def test_add_agent_field_errors(master_client, agent_form, field, value, message):
    agent_form[field] = value
    response = master_client.post(reverse("unit:agent_add"), agent_form)
    assert message in response.content.decode()
    assert not User.objects.filter(name="钱七").exists()


def test_mobile_is_unique_across_all_users(master_client, agent_form, foreign_agent):
    agent_form["mobile"] = foreign_agent.mobile
    response = master_client.post(reverse("unit:agent_add"), agent_form)
    assert "已被其他账号使用" in response.content.decode()
    assert not SmsMessage.objects.exists()


def test_disable_then_enable(master_client, agent, client):
    master_client.post(reverse("unit:agent_disable", args=[agent.pk]))
    agent.refresh_from_db()
    assert not agent.is_active
    master_client.post(reverse("unit:agent_enable", args=[agent.pk]))
    agent.refresh_from_db()
    assert agent.is_active
    assert AuditEvent.objects.filter(action__in=["agent.disabled", "agent.enabled"]).count() == 2


def test_disabled_agent_loses_its_open_session(client, master, agent):
    client.force_login(agent)
    assert client.get(reverse("unit:home")).status_code == 200
    from accounts.services import agent_disable

    agent_disable(agent=agent, unit=agent.unit, by=master)
    response = client.get(reverse("unit:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_unbind_keeps_the_row_for_the_audit(master_client, agent, unit):
    master_client.post(reverse("unit:agent_unbind", args=[agent.pk]))
    agent.refresh_from_db()
    assert agent.unit is None and not agent.is_active
    assert AuditEvent.objects.filter(action="agent.unbound", object_id=str(agent.pk), detail=str(unit.pk)).exists()
    assert agent not in master_client.get(reverse("unit:agents")).context["agents"]
    assert master_client.post(reverse("unit:agent_enable", args=[agent.pk])).status_code == 404


def test_reset_password_voids_the_old_one_and_sends_a_link(master_client, agent, sms, client):
    old_hash = agent.password
    with sms.capture():
        master_client.post(reverse("unit:agent_reset_password", args=[agent.pk]))
    agent.refresh_from_db()
    assert agent.password != old_hash and agent.must_change_password and not agent.has_usable_password()
    [text] = sms.texts(agent.mobile)
    assert "原密码已失效" in text
    assert link_in(text) not in SmsMessage.objects.get(mobile=agent.mobile).text
    assert set_password_by_link(client, text, "Reset#Pass2026").status_code == 302
    agent.refresh_from_db()
    assert agent.check_password("Reset#Pass2026") and not agent.must_change_password


@pytest.mark.parametrize("action", ACTIONS)
def test_another_units_agent_is_404_for_every_action(master_client, foreign_agent, action):
    response = master_client.post(reverse(action, args=[foreign_agent.pk]))
    assert response.status_code == 404
    foreign_agent.refresh_from_db()
    assert foreign_agent.is_active and foreign_agent.unit is not None


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_are_post_only(master_client, agent, action):
    assert master_client.get(reverse(action, args=[agent.pk])).status_code == 405


@pytest.mark.parametrize("action", ACTIONS)
def test_the_master_account_itself_is_not_an_agent(master_client, master, action):
    assert master_client.post(reverse(action, args=[master.pk])).status_code == 404


@pytest.mark.parametrize("url", ["unit:agents", "unit:agent_add"])
def test_agents_cannot_manage_agents(agent_client, url):
    assert agent_client.get(reverse(url)).status_code == 403


def test_an_agent_cannot_act_on_a_colleague(agent_client, unit):
    colleague = factories.agent(unit)
    assert agent_client.post(reverse("unit:agent_disable", args=[colleague.pk])).status_code == 403


def test_master_cannot_do_business(master_client):
    response = master_client.get(reverse("unit:submission_new", kwargs={"kind": "unit_opening"}))
    assert response.status_code == 403
