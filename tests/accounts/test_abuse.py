"""Abuse limits (issue 8 item 9): daily SMS caps per IP and per mobile, a CAPTCHA after a few anonymous sends or
failed logins, a per-IP failure limit beside the per-account lock, and the unlock path for a locked agent."""

import re

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from django.urls import reverse

from accounts.services import registration
from accounts.views import registration as registration_views
from siportal.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

CODE_URL = "accounts:register_person_code"


def caller(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def who(district, n: int, mobile: str | None = None) -> dict:
    return {"id_number": factories.make_id_number("19900101", 100 + n), "name": "郑一",
            "mobile": mobile or f"1350000{n:04d}", "region": district.pk}


def solved(response) -> dict:
    """The answer to the CAPTCHA shown on ``response`` (read from the store, as a human reads the image)."""
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', response.content.decode()).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


@pytest.fixture
def no_resend_wait(monkeypatch):
    """Codes may be asked again at once: the daily caps, not the one-a-minute rule, are the subject."""
    monkeypatch.setattr(registration, "SMS_CODE_RESEND_SECONDS", 0)
    monkeypatch.setattr(registration_views, "SMS_CODE_RESEND_SECONDS", 0)
    monkeypatch.setattr(registration, "NOTICE_EVERY_SECONDS", 0)


def test_daily_sms_cap_per_ip(district, sms, settings):
    settings.SMS_DAILY_LIMIT_PER_IP = 2
    client = caller("10.0.0.1")
    for n in range(2):
        with sms.capture():
            client.post(reverse(CODE_URL), who(district, n))
    with sms.capture():
        response = client.post(reverse(CODE_URL), who(district, 2))
    assert "今日获取短信的次数已达上限" in response.content.decode()
    assert len(sms.texts()) == 2
    with sms.capture():  # another client is not affected
        caller("10.0.0.2").post(reverse(CODE_URL), who(district, 3))
    assert len(sms.texts()) == 3


def test_daily_sms_cap_per_mobile_whatever_the_ip(district, sms, settings, no_resend_wait):
    settings.SMS_DAILY_LIMIT_PER_MOBILE = 2
    for n in range(4):
        with sms.capture():
            caller(f"10.0.1.{n}").post(reverse(CODE_URL), who(district, n, mobile="13500009999"))
    assert len(sms.texts("13500009999")) == 2


def test_captcha_after_a_few_sends(district, sms, settings):
    settings.CAPTCHA_AFTER_SMS_SENDS = 2
    client = caller("10.0.2.1")
    for n in range(2):
        with sms.capture():
            response = client.post(reverse(CODE_URL), who(district, n))
    assert 'name="captcha_1"' in response.content.decode()  # the page now asks for the picture's characters
    with sms.capture():
        refused = client.post(reverse(CODE_URL), {**who(district, 2), "captcha_0": "x", "captcha_1": "nope"})
    assert len(sms.texts()) == 2
    assert "图形验证码" in refused.content.decode()
    with sms.capture():
        client.post(reverse(CODE_URL), {**who(district, 3), **solved(refused)})
    assert len(sms.texts()) == 3


def test_captcha_image_is_served_from_our_own_site(client, district, settings):
    settings.CAPTCHA_AFTER_SMS_SENDS = 0
    page = client.get(reverse("accounts:register_person"))
    src = re.search(r'<img src="([^"]+)"[^>]*class="captcha"', page.content.decode()).group(1)
    assert src.startswith("/captcha/image/")
    image = client.get(src)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


# ---------------------------------------------------------------- login
def login(client, username, password="wrong-pass", **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})


def test_captcha_after_failed_logins_before_any_password_is_tried(agent, settings):
    settings.CAPTCHA_AFTER_LOGIN_FAILURES = 2
    client = caller("10.0.3.1")
    login(client, agent.username)
    response = login(client, agent.username)
    assert 'name="captcha_1"' in client.get(reverse("accounts:login")).content.decode()
    response = login(client, agent.username, factories.PASSWORD)  # right password, no CAPTCHA: refused
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    page = client.get(reverse("accounts:login"))
    response = login(client, agent.username, factories.PASSWORD, **solved(page))
    assert response.status_code == 302


def test_failures_against_one_account_from_anywhere_bring_the_captcha(agent, settings):
    settings.CAPTCHA_AFTER_LOGIN_FAILURES = 2
    login(caller("10.0.4.1"), agent.mobile)
    login(caller("10.0.4.2"), agent.username)
    response = login(caller("10.0.4.3"), agent.username, factories.PASSWORD)
    assert response.status_code == 200 and 'name="captcha_1"' in response.content.decode()


def test_one_ip_cannot_try_many_accounts(unit, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 3
    agents = [factories.agent(unit) for _ in range(4)]
    client = caller("10.0.5.1")
    for a in agents[:3]:
        login(client, a.username)
    response = login(client, agents[3].username, factories.PASSWORD)
    assert response.status_code == 200 and "本机登录失败次数过多" in response.content.decode()
    assert login(caller("10.0.5.2"), agents[3].username, factories.PASSWORD).status_code == 302


def test_a_stranger_cannot_lock_an_agent_out(agent, settings):
    settings.AXES_FAILURE_LIMIT = 5
    stranger = caller("10.0.6.66")
    for _ in range(5):
        login(stranger, agent.username)
    assert login(stranger, agent.username, factories.PASSWORD).status_code == 429  # locked there
    assert login(caller("10.0.6.1"), agent.username, factories.PASSWORD).status_code == 302  # not at work


def test_the_master_account_unlocks_its_agent(agent, unit, settings):
    settings.AXES_FAILURE_LIMIT = 5
    office = caller("10.0.7.1")
    for _ in range(5):
        login(office, agent.username)
    assert login(office, agent.username, factories.PASSWORD).status_code == 429
    master = caller("10.0.7.2")
    master.force_login(unit.master)
    assert master.get(reverse("unit:agents")).content.decode().count(reverse("unit:agent_unlock", args=[agent.pk]))
    response = master.post(reverse("unit:agent_unlock", args=[agent.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.unlocked", object_id=str(agent.pk), actor=unit.master).exists()
    assert login(office, agent.username, factories.PASSWORD).status_code == 302


def test_a_master_cannot_unlock_another_units_agent(agent, district):
    other = factories.unit(region=district)
    master = Client()
    master.force_login(other.master)
    assert master.post(reverse("unit:agent_unlock", args=[agent.pk])).status_code == 404


def test_the_centre_unlocks_any_user(agent, admin_client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    office = caller("10.0.8.1")
    for _ in range(5):
        login(office, agent.username)
    admin_client.post(reverse("admin:accounts_user_changelist"),
                      {"action": "unlock_action", "_selected_action": [agent.pk]})
    assert AuditEvent.objects.filter(action="user.unlocked", object_id=str(agent.pk)).exists()
    assert login(office, agent.username, factories.PASSWORD).status_code == 302


def test_expired_captchas_are_purged():
    from datetime import timedelta

    from django.utils import timezone

    from accounts.tasks import captcha_purge_task

    old = CaptchaStore.objects.get(hashkey=CaptchaStore.generate_key())
    CaptchaStore.objects.filter(pk=old.pk).update(expiration=timezone.now() - timedelta(minutes=1))
    fresh = CaptchaStore.generate_key()
    assert captcha_purge_task() == 1
    assert list(CaptchaStore.objects.values_list("hashkey", flat=True)) == [fresh]
