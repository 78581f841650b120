"""Keeping the receivables' monthly partitions ahead of time (PostgreSQL; a no-op elsewhere)."""

from django.conf import settings
from django.utils import timezone

from ..partitioning import next_month, partition_ensure


def receivable_partitions_ensure(*, today=None, months_ahead: int | None = None) -> list[int]:
    """Create the partitions of this month and the next ``months_ahead`` months (setting
    ``RECEIVABLE_PARTITIONS_AHEAD``) that do not exist yet; return the months created."""
    today = today or timezone.localdate()
    ahead = settings.RECEIVABLE_PARTITIONS_AHEAD if months_ahead is None else months_ahead
    month, created = today.year * 100 + today.month, []
    for _ in range(ahead + 1):
        if partition_ensure(month):
            created.append(month)
        month = next_month(month)
    return created
