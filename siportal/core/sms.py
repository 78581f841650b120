"""The SMS backend interface. ``settings.SMS_BACKEND`` names a class with ``send(mobile, text)``; the worker
calls it with the final text (secret included) at send time, see ``services.sms_deliver``."""

from django.conf import settings
from django.utils.module_loading import import_string


class BaseSmsBackend:
    def send(self, mobile: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class OutboxBackend(BaseSmsBackend):
    """Sends nothing: the message stays in the outbox table (the admin's 短信发件箱, redacted; in demo mode the
    demo page shows it whole). The default where no SMS gateway is configured."""

    def send(self, mobile: str, text: str) -> None:
        return None


class MemoryBackend(BaseSmsBackend):
    """Keeps the delivered texts in ``MemoryBackend.outbox`` (a list of ``(mobile, text)``), for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        self.outbox.append((mobile, text))


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
