"""A real Celery worker on Redis delivers what the web side queued after commit."""

import time

import pytest
from django.db import transaction

from siportal.core.models import SmsMessage
from siportal.core.services import sms_send


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def celery_worker(settings):
    from celery.contrib.testing.worker import start_worker

    from siportal.celery import app

    app.control.purge()  # messages queued by earlier tests are not this test's business
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=["default"]) as worker:
        yield worker


def sent(mobile):
    return SmsMessage.objects.filter(mobile=mobile, sent_at__isnull=False).exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_sms_is_sent_by_the_worker_only_after_commit(celery_worker):
    with transaction.atomic():
        sms_send(mobile="13800000009", text="验证码 {secret}", secret="123456")
        assert not sent("13800000009")
    assert wait_for(lambda: sent("13800000009"))
    message = SmsMessage.objects.get(mobile="13800000009")
    assert message.secret_sealed == "" and "123456" not in message.text


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_rolled_back_work_sends_nothing(celery_worker):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            sms_send(mobile="13800000008", text="不应发送")
            raise RuntimeError
    sms_send(mobile="13800000007", text="之后的短信")  # outside a transaction: queued at once
    assert wait_for(lambda: sent("13800000007"))
    assert not SmsMessage.objects.filter(mobile="13800000008").exists()
