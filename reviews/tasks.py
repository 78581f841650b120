"""Celery tasks of the workflow app, found by autodiscovery (the import engine's live in ``reviews.imports``)."""

from .imports.tasks import import_recover_task, import_run_task  # noqa: F401
