"""Shared-kernel services: sequences, audit rows, SMS sending."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .crypto import SealBroken, seal, unseal
from .models import AuditEvent, Sequence, SmsMessage
from .sms import get_backend

log = logging.getLogger(__name__)


def sequence_next(*, name: str) -> int:
    """Return the next value of the named counter. Call inside the caller's transaction; locks the row."""
    with transaction.atomic():
        row = Sequence.objects.select_for_update().filter(name=name).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = Sequence.objects.create(name=name, value=0)
            except IntegrityError:  # created meanwhile by a concurrent request
                row = Sequence.objects.select_for_update().get(name=name)
            else:
                row = Sequence.objects.select_for_update().get(pk=row.pk)
        row.value += 1
        row.save(update_fields=["value"])
        return row.value


def audit_record(*, actor, action: str, obj=None, detail: str = "", request=None) -> AuditEvent:
    """Insert one audit row (``action`` is a dotted code such as ``unit.bound``)."""
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail[:500],
        ip=ip,
    )


SMS_SECRET_PURPOSE = "sms.secret"


def sms_send(*, mobile: str, text: str, secret: str = "") -> SmsMessage:
    """Queue an SMS; the worker sends it after the current transaction commits.

    ``text`` holds the literal placeholder ``{secret}`` where a secret (code, password, link) goes, and
    ``secret`` the secret itself. Side effects: stores the message with the text as given (the placeholder,
    never the secret) and the secret encrypted; queues ``send_sms_task`` with the message id only, after commit.
    Raises ``ValueError`` for a secret without the placeholder (a caller's mistake: the secret would be lost).
    """
    from .tasks import send_sms_task

    if secret and SmsMessage.PLACEHOLDER not in text:
        raise ValueError("sms_send: a secret= needs the placeholder {secret} in the text")
    message = SmsMessage.objects.create(
        mobile=mobile, text=text, secret_sealed=seal(secret, purpose=SMS_SECRET_PURPOSE) if secret else "")
    transaction.on_commit(lambda: send_sms_task.delay(message.pk))
    return message


def sms_secret(message: SmsMessage) -> str:
    """The message's secret, while it is kept (until sent; in demo mode, until purged); else ``""``."""
    if not message.secret_sealed:
        return ""
    try:
        return unseal(message.secret_sealed, purpose=SMS_SECRET_PURPOSE)
    except SealBroken:  # SECRET_KEY rotated without a fallback: the secret is lost, say so rather than fail
        return ""


def sms_deliver(*, message_id: int) -> SmsMessage | None:
    """Send one queued message (the worker's side); a message already sent is not sent again.

    Steps: lock the row; render the text with its secret; hand it to the SMS backend; record ``sent_at`` and
    wipe the encrypted secret (kept in demo mode for the demo outbox page). A backend error rolls back and
    the task retries.
    """
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().filter(pk=message_id, sent_at__isnull=True).first()
        if message is None:
            return None
        secret = sms_secret(message)
        if message.secret_sealed and not secret:  # sealed under a key no longer known: never send it blank
            log.error("SMS %s not sent: its secret cannot be opened (SECRET_KEY changed?)", message.pk)
            return None
        get_backend().send(message.mobile, message.render(secret) if secret else message.text)
        message.sent_at = timezone.now()
        if not settings.DEMO_MODE:
            message.secret_sealed = ""
        message.save(update_fields=["sent_at", "secret_sealed"])
    return message


def sms_purge(*, now=None) -> int:
    """Delete messages older than ``SMS_RETENTION_DAYS`` (sent ones, and unsent ones that will never go).
    Returns how many; the beat schedule runs it daily."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SMS_RETENTION_DAYS)
    old = SmsMessage.objects.filter(Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True, created_at__lt=cutoff))
    deleted, _by_model = old.delete()
    return deleted
