"""Shared-kernel services: sequences, audit rows, SMS sending."""

from django.db import IntegrityError, transaction

from .models import AuditEvent, Sequence


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


def sms_send(*, mobile: str, text: str, secret: str = "") -> None:
    """Queue an SMS for after the current transaction commits; the worker hands it to the SMS backend.

    ``text`` carries the literal placeholder ``{secret}`` where a code or password goes, passed as ``secret``.
    """
    from .tasks import send_sms_task

    if secret:
        text = text.replace("{secret}", secret)
    transaction.on_commit(lambda: send_sms_task.delay(mobile, text))
