"""Background tasks of contributions: they call one service."""

from celery import shared_task


@shared_task(ignore_result=True)
def receivable_partitions_ensure_task() -> list[int]:
    """Periodic (beat, daily): create the receivables' partitions of the coming months (PostgreSQL)."""
    from .services.partitions import receivable_partitions_ensure

    return receivable_partitions_ensure()
