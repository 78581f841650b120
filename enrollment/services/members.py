"""The stored rows of the 参保人员 list (``UnitMember``): touched by every membership write, rebuilt after a bulk
load that bypassed the services."""

from django.db.models import Max
from django.utils import timezone

from ..models import Membership, UnitMember

BATCH = 2000


def unit_members_touch(*, memberships, at=None) -> None:
    """Record that ``memberships`` changed at ``at`` (now): one upsert for their (unit, person) pairs. Memberships
    outside a unit (flexible employment) have no list row."""
    at = at or timezone.now()
    pairs = {(m.unit_id, m.person_id) for m in memberships if m.unit_id is not None}
    UnitMember.objects.bulk_create(
        [UnitMember(unit_id=unit_id, person_id=person_id, last_change_at=at) for unit_id, person_id in pairs],
        batch_size=BATCH, update_conflicts=True, unique_fields=["unit", "person"], update_fields=["last_change_at"])


def unit_members_refresh(*, unit) -> int:
    """Rebuild the unit's list rows from its memberships (each person's latest change); return how many.
    For data loaded around the services (a migration from a legacy system, the benchmark's seed)."""
    latest = (Membership.objects.filter(unit=unit).values("person_id").annotate(at=Max("updated_at"))
              .order_by())
    UnitMember.objects.filter(unit=unit).delete()
    rows = [UnitMember(unit=unit, person_id=r["person_id"], last_change_at=r["at"]) for r in latest.iterator()]
    UnitMember.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
