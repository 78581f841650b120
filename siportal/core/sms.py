"""The SMS backend interface. ``settings.SMS_BACKEND`` names a class with ``send(mobile, text)``."""

from django.conf import settings
from django.utils.module_loading import import_string


class BaseSmsBackend:
    def send(self, mobile: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class OutboxBackend(BaseSmsBackend):
    """Stores every message in the outbox table (shown in the admin and, in demo mode, on the demo page)."""

    def send(self, mobile: str, text: str) -> None:
        from .models import SmsMessage

        SmsMessage.objects.create(mobile=mobile, text=text)


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
