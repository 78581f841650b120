"""Background tasks of the shared kernel."""

from celery import shared_task

from .sms import get_backend


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_sms_task(mobile: str, text: str) -> None:
    get_backend().send(mobile, text)
