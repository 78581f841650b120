"""The Celery app: configured from Django settings (CELERY_*), tasks discovered in every app.

Each prefork child gets a hard address-space ceiling (``WORKER_CHILD_MAX_BYTES``, ``RLIMIT_AS``): a task that
asks for more fails or ends that child, the pool starts another, the worker stays up. A thread-pool worker (the
demo's ``make run``) is one process and gets no such limit; there the import reader measures a file before
reading it and runs what it cannot measure in a memory-limited child process (siportal/core/excel/probe.py).
"""

import linecache
import os
import resource
import sys

from billiard import current_process
from celery import Celery
from celery.signals import worker_process_init, worker_shutting_down

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


def _parked_in_broker_poll() -> bool:
    """True when the signal interrupted the main thread asleep between two polls of kombu's virtual transport
    (not inside a ``get``): no message is on its way from the broker to a request at that moment."""
    frame = sys._getframe()
    while frame is not None:
        code = frame.f_code
        if code.co_name == "drain_events" and code.co_filename.endswith(os.path.join("virtual", "base.py")):
            return linecache.getline(code.co_filename, frame.f_lineno).strip().startswith("sleep(")
        frame = frame.f_back
    return False


@worker_shutting_down.connect
def on_worker_shutting_down(how="Warm", **kwargs) -> None:
    """The embedded broker's worker (``make run``) stops at once when it is idle.

    Its polling loop returns only every two seconds, so a warm shutdown takes seconds even with nothing to do. When
    no task runs or waits (nothing received, so nothing unacknowledged: tasks are acknowledged late) and the main
    thread is parked between two polls, there is nothing to finish or give back: exit now. Otherwise the usual
    warm shutdown waits for the running task. Brokers with an event loop (Redis) stop quickly anyway.
    """
    from celery.worker import state
    from django.conf import settings

    if (how == "Warm" and settings.CELERY_BROKER_URL == "filesystem://" and not state.active_requests
            and not state.reserved_requests and _parked_in_broker_poll()):
        sys.stdout.flush()
        os._exit(0)
