"""Background tasks of batch imports: they load ids and call one service."""

from celery import shared_task

from siportal.core.models import Job


@shared_task(acks_late=True, ignore_result=True)
def import_run_task(job_id: int) -> None:
    from .services import import_run

    import_run(job_id=job_id)


@shared_task(ignore_result=True)
def import_recover_task() -> int:
    """Periodic (beat): queue again the imports whose worker stopped reporting; returns how many."""
    from .progress import job_recover

    jobs = Job.objects.filter(kind__startswith="import:", status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    return sum(job_recover(job) for job in jobs)


@shared_task(ignore_result=True)
def import_purge_task() -> int:
    """Periodic (beat, daily): delete the stored files of imports past their retention; returns how many."""
    from .services import import_purge_files

    return import_purge_files()
