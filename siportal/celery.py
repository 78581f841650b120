"""The Celery app: configured from Django settings (CELERY_*), tasks discovered in every app.

Each prefork child gets a hard address-space ceiling (``WORKER_CHILD_MAX_BYTES``, ``RLIMIT_AS``): a task that
asks for more fails or ends that child, the pool starts another, the worker stays up. A thread-pool worker (the
demo's ``make run``) is one process and gets no such limit; there the import reader measures a file before
reading it and runs what it cannot measure in a memory-limited child process (siportal/core/excel/probe.py).
"""

import os
import resource

from billiard import current_process
from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siportal.settings.base")

app = Celery("siportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def limit_child_memory() -> None:
    """Set this process's address-space ceiling to ``WORKER_CHILD_MAX_BYTES`` (0: none)."""
    from django.conf import settings

    limit = getattr(settings, "WORKER_CHILD_MAX_BYTES", 0)
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@worker_process_init.connect
def on_worker_process_init(**kwargs) -> None:
    # sent in a prefork child, but also by the solo pool in the worker's own process: only a child is limited
    # (what a limited process starts inherits the limit, and a browser or a PDF renderer may reserve more)
    if current_process().name != "MainProcess":
        limit_child_memory()
