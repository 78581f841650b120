"""Background tasks of batch imports: they load ids and call one service."""

from billiard.exceptions import WorkerLostError
from celery import shared_task
from celery.signals import task_failure

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


@task_failure.connect
def import_worker_lost(sender=None, exception=None, args=None, **kwargs) -> None:
    """A prefork child running an import died (its memory ceiling, a crash): the worker's main process says so at
    once, and a job lost while reading its file is failed now rather than when its heartbeat goes stale."""
    if getattr(sender, "name", "") != import_run_task.name or not isinstance(exception, WorkerLostError) or not args:
        return
    from .progress import job_lost

    job_lost(args[0])
