"""The landing page and the demo SMS outbox."""

import pytest
from django.urls import reverse

from siportal.core.models import SmsMessage
from siportal.core.services import sms_send

pytestmark = pytest.mark.django_db


def test_home_for_anonymous_users(client):
    page = client.get(reverse("home")).content.decode()
    for url in ["accounts:register_unit", "accounts:register_person", "accounts:login", "admin:index"]:
        assert reverse(url) in page


def test_demo_outbox(client, settings, sms):
    settings.DEMO_MODE = True
    with sms.capture():
        sms_send(mobile="13800000009", text="【社保网厅】您的注册验证码为{secret}", secret="123456")
    assert SmsMessage.objects.get(mobile="13800000009").sent_at is not None
    page = client.get(reverse("demo_outbox")).content.decode()
    assert "123456" in page and "13800000009" in page


def test_demo_outbox_is_hidden_outside_demo_mode(client, settings):
    settings.DEMO_MODE = False
    assert client.get(reverse("demo_outbox")).status_code == 404
