"""Login by username or mobile, lockout after 5 failures, logout, password change, idle timeout."""

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"


def post_login(client, username, password):
    return client.post(reverse(LOGIN), {"username": username, "password": password})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_page_opens_with_registration_links(client):
    response = client.get(reverse(LOGIN))
    assert response.status_code == 200
    assert reverse("accounts:register_unit").encode() in response.content
    assert reverse("accounts:register_person").encode() in response.content


def test_login_by_username_then_by_mobile(client, agent):
    response = post_login(client, agent.username, PASSWORD)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(agent.pk)
    client.post(reverse("accounts:logout"))
    assert logged_in_user_id(client) is None
    assert post_login(client, agent.mobile, PASSWORD).status_code == 302
    assert logged_in_user_id(client) == str(agent.pk)


def test_wrong_password_shows_a_chinese_message(client, agent):
    response = post_login(client, agent.username, "Wrong@2026x")
    assert response.status_code == 200
    assert "用户名(手机号)或密码不正确" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_disabled_agent_cannot_log_in(client, agent):
    agent.is_active = False
    agent.save()
    response = post_login(client, agent.username, PASSWORD)
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_logout_is_post_only(client, agent):
    client.force_login(agent)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert logged_in_user_id(client) is None


def test_five_failures_lock_the_account_even_for_the_right_password(client, agent, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        post_login(client, agent.username, "Wrong@2026x")
    response = post_login(client, agent.username, PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多,账号已锁定15分钟" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_lock_counts_per_account_across_username_and_mobile(client, agent, settings):
    settings.AXES_USERNAME_CALLABLE = "accounts.lockout.login_name"
    for n in range(5):
        post_login(client, agent.mobile if n % 2 else agent.username, "Wrong@2026x")
    response = post_login(client, agent.mobile, PASSWORD)
    assert response.status_code == 429


def test_a_reset_password_lifts_the_lock(client, agent, master, sms):
    from accounts.services import agent_reset_password
    from tests.accounts.conftest import set_password_by_link

    for _ in range(5):
        post_login(client, agent.username, "Wrong@2026x")
    with sms.capture():
        agent_reset_password(agent=agent, unit=agent.unit, by=master)
    set_password_by_link(client, sms.texts(agent.mobile)[-1], "Reset#Pass2026")
    assert post_login(client, agent.username, "Reset#Pass2026").status_code == 302


def test_password_change(client, agent):
    client.force_login(agent)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "New#Pass2026", "new_password2": "New#Pass2026"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    assert client.get(response.url).status_code == 200
    agent.refresh_from_db()
    assert agent.check_password("New#Pass2026")
    assert logged_in_user_id(client) == str(agent.pk)  # the session survives its own password change


@pytest.mark.parametrize("password, message", [
    ("Ab1@x", "密码长度太短"),
    ("abcdefghijk", "至少3类"),
    ("Abcdefghijk", "至少3类"),
])
def test_password_rules(client, agent, password, message):
    client.force_login(agent)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_generated_password_must_be_changed_before_any_hall_page(client, unit):
    agent = factories.agent(unit, must_change_password=True)
    response = post_login(client, agent.username, PASSWORD)
    assert response.url == reverse("accounts:password_change")
    response = client.get(reverse("unit:home"))
    assert response.status_code == 302 and response.url == reverse("accounts:password_change")
    client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "New#Pass2026", "new_password2": "New#Pass2026"})
    assert client.get(reverse("unit:home")).status_code == 200
