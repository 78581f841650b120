"""The SMS outbox keeps no secret: redacted text at rest, only the message id through the broker, the secret
rendered at send time then wiped, old messages purged; the demo outbox alone shows the secret."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from siportal.core import tasks
from siportal.core.models import SmsMessage
from siportal.core.services import sms_deliver, sms_purge, sms_send
from siportal.core.sms import MemoryBackend
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "【社保网厅】您的注册验证码为{secret},10分钟内有效。"


@pytest.fixture
def queued(monkeypatch, django_capture_on_commit_callbacks, settings):
    """Capture what would go to the broker instead of sending it."""
    settings.SMS_BACKEND = "siportal.core.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    calls = []
    monkeypatch.setattr(tasks.send_sms_task, "delay", lambda *args, **kwargs: calls.append((args, kwargs)))
    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(mobile="13800000009", text=TEXT, secret="654321")
    yield message, calls
    MemoryBackend.outbox.clear()


def test_the_stored_row_and_the_task_argument_hold_no_secret(queued):
    message, calls = queued
    assert calls == [((message.pk,), {})]  # only the id travels through the broker
    row = SmsMessage.objects.get(pk=message.pk)
    stored = " ".join(str(getattr(row, f.attname)) for f in SmsMessage._meta.fields)
    assert "654321" not in stored
    assert row.redacted_text == "【社保网厅】您的注册验证码为******,10分钟内有效。"


def test_the_secret_is_rendered_at_send_time_then_wiped(queued):
    message, _ = queued
    sms_deliver(message_id=message.pk)
    assert MemoryBackend.outbox == [("13800000009", "【社保网厅】您的注册验证码为654321,10分钟内有效。")]
    row = SmsMessage.objects.get(pk=message.pk)
    assert row.sent_at is not None and row.secret_sealed == ""
    sms_deliver(message_id=message.pk)  # a repeated task sends nothing twice
    assert len(MemoryBackend.outbox) == 1


def test_a_secret_that_cannot_be_opened_is_never_sent_blank(queued):
    message, _ = queued
    SmsMessage.objects.filter(pk=message.pk).update(secret_sealed="gAAAA-sealed-under-another-key")
    assert sms_deliver(message_id=message.pk) is None
    assert MemoryBackend.outbox == []


def test_a_secret_without_its_placeholder_is_a_programming_error():
    with pytest.raises(ValueError):
        sms_send(mobile="13800000009", text="验证码 654321", secret="654321")


def test_the_admin_outbox_never_shows_the_secret(client, queued):
    message, _ = queued
    staff = factories.user(kind="staff", is_staff=True, is_superuser=True, username="centre_sms")
    client.force_login(staff)
    for stage in ("queued", "sent"):
        listing = client.get(reverse("admin:core_smsmessage_changelist")).content.decode()
        detail = client.get(reverse("admin:core_smsmessage_change", args=[message.pk])).content.decode()
        assert "654321" not in listing and "654321" not in detail, stage
        assert "******" in listing and "******" in detail
        sms_deliver(message_id=message.pk)


def test_the_demo_outbox_shows_the_secret_in_demo_mode_only(client, settings, queued):
    message, _ = queued
    settings.DEMO_MODE = True
    sms_deliver(message_id=message.pk)
    response = client.get(reverse("demo_outbox"))
    assert "654321" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    settings.DEMO_MODE = False
    assert client.get(reverse("demo_outbox")).status_code == 404


def test_messages_are_purged_after_the_retention_period(settings, queued):
    settings.SMS_RETENTION_DAYS = 30
    message, _ = queued
    sms_deliver(message_id=message.pk)
    recent = sms_send(mobile="13800000008", text="您的业务已办结。")
    sms_deliver(message_id=recent.pk)
    assert sms_purge(now=timezone.now() + timedelta(days=29)) == 0
    SmsMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now() - timedelta(days=31))
    assert sms_purge() == 1
    assert list(SmsMessage.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_purge_runs_daily_from_beat():
    tasks_scheduled = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "siportal.core.tasks.sms_purge_task" in tasks_scheduled
