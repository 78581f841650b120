"""Enrollment services: the effects of enrollment kinds on approval."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Unit
from siportal.core.services import sequence_next
from siportal.core.validators import month_of

from .models import UnitInsurance, UnitOpeningLine


def unit_open(*, submission) -> Unit:
    """Apply an approved 单位参保登记: give the unit its 单位编号, copy its basic information, open its types.

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
        start = month_of(timezone.localdate())
        for code in line.insurance_types:
            UnitInsurance.objects.get_or_create(
                unit=unit, insurance_type=code, defaults={"start_month": start, "opened_by": submission}
            )
    return unit
