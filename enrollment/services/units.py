"""Unit services: opening (单位参保登记) and the change of its non-key information (单位信息变更)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Unit
from siportal.core.services import audit_record, sequence_next
from siportal.core.validators import month_of

from ..models import UNIT_CHANGE_FIELDS, UnitChangeLine, UnitInsurance, UnitOpeningLine, UnitProfile

PROFILE_FIELDS = ["postal_code", "economic_type", "industry", "injury_class", "bank_name", "bank_account"]


def unit_open(*, submission) -> Unit:
    """Apply an approved 单位参保登记: give the unit its 单位编号, copy its basic information, open its types.

    Side effects: ``Unit`` (number, opened_at, address, legal rep, contact), its ``UnitProfile`` (postal code,
    economic type, industry, work-injury class, bank), one ``UnitInsurance`` per type.
    Idempotent: an already opened unit keeps its number; insurance types already open are left alone.
    """
    line = UnitOpeningLine.objects.get(submission=submission)
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=submission.unit_id)
        if not unit.is_opened:
            region_code = unit.region.code
            unit.unit_number = f"{region_code}{sequence_next(name=f'unit_number:{region_code}'):06d}"
            unit.opened_at = timezone.now()
        unit.address = line.address
        unit.legal_rep = line.legal_rep
        unit.contact_name = line.contact_name
        unit.contact_phone = line.contact_phone
        unit.save()
        UnitProfile.objects.update_or_create(
            unit=unit, defaults={**{f: getattr(line, f) for f in PROFILE_FIELDS}, "updated_by": submission})
        start = month_of(timezone.localdate())
        for code in line.insurance_types:
            UnitInsurance.objects.get_or_create(
                unit=unit, insurance_type=code, defaults={"start_month": start, "opened_by": submission}
            )
    return unit


def unit_current_values(unit: Unit) -> dict:
    """The unit's current values of the fields 单位信息变更 may change."""
    profile = UnitProfile.objects.filter(unit=unit).first()
    values = {}
    for name, where in UNIT_CHANGE_FIELDS:
        source = unit if where == "unit" else profile
        values[name] = getattr(source, name) if source is not None else None
    return values


def unit_info_change(*, submission) -> Unit:
    """Apply an approved 单位信息变更: write the new non-key values to the unit and its profile.

    Side effects: ``Unit`` (address, contact), ``UnitProfile`` (postal code, industry, work-injury class, bank),
    the line's ``old_values`` (what was replaced) and ``applied_at``, one audit row ``unit.changed``.
    Idempotent: a line already applied is left alone.
    """
    with transaction.atomic():
        line = UnitChangeLine.objects.select_for_update().get(submission=submission)
        if line.applied_at:
            return submission.unit
        unit = Unit.objects.select_for_update().get(pk=submission.unit_id)
        profile, _created = UnitProfile.objects.get_or_create(unit=unit)
        old = unit_current_values(unit)
        changed = {}
        for name, where in UNIT_CHANGE_FIELDS:
            target = unit if where == "unit" else profile
            new = getattr(line, name)
            if getattr(target, name) != new:
                changed[name] = old[name]
            setattr(target, name, new)
        unit.save(update_fields=[name for name, where in UNIT_CHANGE_FIELDS if where == "unit"])
        profile.updated_by = submission
        profile.save()
        line.old_values = old
        line.applied_at = timezone.now()
        line.save(update_fields=["old_values", "applied_at"])
        audit_record(actor=submission.reviewer or submission.submitter, action="unit.changed", obj=unit,
                     detail=f"{submission.number}: " + ",".join(changed))
    return unit
