"""Celery tasks of the workflow: take ids, load, call one service."""

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def submission_approve_task(job_id: int) -> None:
    from .approvals import approval_run

    approval_run(job_id=job_id)
