"""Background tasks of the shared kernel: they take ids and call one service."""

from celery import shared_task


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_sms_task(message_id: int) -> None:
    """Send one queued ``SmsMessage``; only its id travels through the broker, never its text or secret."""
    from .services import sms_deliver

    sms_deliver(message_id=message_id)


@shared_task(ignore_result=True)
def sms_purge_task() -> int:
    """Periodic (beat, daily): delete messages older than ``SMS_RETENTION_DAYS``; returns how many."""
    from .services import sms_purge

    return sms_purge()
