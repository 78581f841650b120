"""增员's look-up of a person in the registry: only by ID number AND matching name, audited, limited per day."""

from datetime import datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Person
from siportal.core.errors import DomainError
from siportal.core.masking import mask_id
from siportal.core.models import AuditEvent
from siportal.core.services import audit_record

from .. import rules, selectors

LOOKUP_ACTION = "person.looked_up"


class LookupRefused(DomainError):
    """The agent has used up today's look-ups (``settings.PERSON_LOOKUP_DAILY_LIMIT``)."""


def person_lookups_today(user) -> int:
    """Look-ups ``user`` made today (local day), read from the audit table so every web node sees the same."""
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return AuditEvent.objects.filter(actor=user, action=LOOKUP_ACTION, at__gte=midnight).count()


def person_lookup(*, by, id_type: str, id_number: str, name: str, purpose: str = "lookup",
                  request=None) -> Person | None:
    """The registry's person with this 证件类型 + 证件号码 whose name matches ``name``; None when the ID number is
    unknown or the name differs (the caller must answer both alike: ``rules.not_registered_message``).

    Side effects: one audit row ``person.looked_up`` per call, whatever the result (detail: type, masked ID,
    ``purpose`` — ``lookup`` or ``add`` — and the result ``matched``, ``no_match`` or ``limited``). Raises
    ``LookupRefused`` when ``by`` has already made ``PERSON_LOOKUP_DAILY_LIMIT`` look-ups today.
    """
    limit = settings.PERSON_LOOKUP_DAILY_LIMIT
    where = f"{id_type} {mask_id(id_number)} {purpose}"
    if person_lookups_today(by) >= limit:
        audit_record(actor=by, action=LOOKUP_ACTION, detail=f"{where} limited", request=request)
        raise LookupRefused(_("您今天已查询人员%(n)d次,达到每日上限。为保护个人信息,请明天再查询;"
                              "批量增员请使用“批量导入”。") % {"n": limit})
    person = selectors.person_by_id(id_type, id_number)
    matched = person is not None and rules.name_key(name) == rules.name_key(person.name)
    # The person is recorded even when the name differs: the centre can see who was probed.
    audit_record(actor=by, action=LOOKUP_ACTION, obj=person, request=request,
                 detail=f"{where} {'matched' if matched else 'no_match'}")
    return person if matched else None
