"""`make run`'s worker (embedded filesystem broker) stops at once on Ctrl-C when idle, and waits when busy."""

import pytest
from celery.worker import state

from siportal import celery as celery_app


class Exited(Exception):
    pass


@pytest.fixture
def exits(monkeypatch, settings):
    settings.CELERY_BROKER_URL = "filesystem://"
    monkeypatch.setattr(celery_app, "_parked_in_broker_poll", lambda: True)

    def fake_exit(code):
        raise Exited(code)

    monkeypatch.setattr(celery_app.os, "_exit", fake_exit)


def test_an_idle_worker_exits_at_once(exits):
    with pytest.raises(Exited):
        celery_app.on_worker_shutting_down(how="Warm")


def test_a_worker_with_a_task_running_or_received_shuts_down_warm(exits, monkeypatch):
    monkeypatch.setattr(state, "active_requests", {object()})
    celery_app.on_worker_shutting_down(how="Warm")  # returns: the usual warm shutdown waits for the task
    monkeypatch.setattr(state, "active_requests", set())
    monkeypatch.setattr(state, "reserved_requests", {object()})
    celery_app.on_worker_shutting_down(how="Warm")


def test_a_worker_on_redis_or_between_broker_calls_shuts_down_as_usual(exits, monkeypatch, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    celery_app.on_worker_shutting_down(how="Warm")
    settings.CELERY_BROKER_URL = "filesystem://"
    monkeypatch.setattr(celery_app, "_parked_in_broker_poll", lambda: False)
    celery_app.on_worker_shutting_down(how="Warm")


def test_outside_the_broker_poll_the_main_thread_is_not_parked():
    assert celery_app._parked_in_broker_poll() is False
