"""The engine with a real Celery worker on Redis: upload → queued after commit → worker → one submission; live
progress visible while the job runs (the write step reports through its own connection); a worker killed in the
middle of the write leaves nothing, and the job resumes once with no duplicated row."""

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from reviews.imports import testing
from reviews.imports.progress import job_recover
from reviews.imports.spec import register_import
from reviews.models import Submission
from siportal.core.models import Job

from . import files

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout=30.0, every=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return None


def slow(seconds):
    """The test mapping, slowed down per chunk of 50 rows so that a run can be watched (or killed) midway."""

    def validate(rows, ctx):
        time.sleep(seconds)
        testing.validate(rows, ctx)

    def write(submission, rows, ctx):
        time.sleep(seconds)
        testing.write(submission, rows, ctx)

    return dataclasses.replace(testing.SPEC, validate=validate, write=write, chunk_size=50)


@pytest.fixture
def celery_worker():
    from celery.contrib.testing.worker import start_worker

    import reviews.imports.tasks  # noqa: F401  (registers the task in this process's app)
    from siportal.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=["default"]) as w:
        yield w


def test_upload_to_a_real_worker_makes_one_submission(client, agent, test_import, celery_worker):
    client.force_login(agent)
    rows = [files.person_row(i) for i in range(1, 4)] + [files.person_row(9, 姓名="")]
    response = client.post(reverse("unit:import_upload", kwargs={"code": "test"}),
                           {"file": SimpleUploadedFile("名单.xlsx", files.xlsx_bytes(rows))})
    job = Job.objects.get()
    assert response.url == reverse("unit:import_job", kwargs={"pk": job.pk})
    assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE)
    job.refresh_from_db()
    assert (job.accepted, job.refused) == (3, 1) and job.output
    submission = Submission.objects.get()
    assert submission.pk == job.result["submission_id"] and len(job.result["lines"]) == 3
    progress = client.get(reverse("unit:import_progress", kwargs={"pk": job.pk})).json()
    assert progress["finished"] and progress["percent"] == 100


@pytest.mark.postgres
def test_progress_is_visible_while_the_job_runs(client, agent, test_import, celery_worker):
    register_import(slow(0.05))
    client.force_login(agent)
    rows = [files.person_row(i, birth=f"19{70 + i // 900:02d}0101") for i in range(1, 601)]
    client.post(reverse("unit:import_upload", kwargs={"code": "test"}),
                {"file": SimpleUploadedFile("名单.xlsx", files.xlsx_bytes(rows))})
    job = Job.objects.get()
    url = reverse("unit:import_progress", kwargs={"pk": job.pk})
    seen = []

    def watch():
        data = client.get(url).json()
        seen.append(data)
        return data["finished"]

    assert wait_for(watch, timeout=60, every=0.05)
    assert any(0 < s["rows_validated"] < 600 for s in seen), "validation progress was never seen"
    assert any(s["stage"] == "write" and 0 < s["rows_written"] < 600 for s in seen), "write progress never seen"
    percents = [s["percent"] for s in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    assert Job.objects.get(pk=job.pk).rows_written == 600


WORKER_SCRIPT = """
import dataclasses, time, django
django.setup()
from reviews.imports import testing
from reviews.imports.spec import register_import
import reviews.imports.tasks
testing.register()
def write(submission, rows, ctx):
    time.sleep(0.2)
    testing.write(submission, rows, ctx)
register_import(dataclasses.replace(testing.SPEC, write=write, chunk_size=50))
from siportal.celery import app
app.worker_main(["worker", "--pool=solo", "-Q", "default", "--loglevel=WARNING", "--without-heartbeat",
                 "--without-mingle", "--without-gossip"])
"""


@pytest.mark.postgres
def test_a_worker_killed_while_writing_leaves_nothing_and_the_job_resumes_once(agent, test_import, settings):
    from siportal.celery import app

    app.control.purge()
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "siportal.settings.test",
           "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                           f"/{db['NAME']}",
           "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    worker = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT], cwd=ROOT, env=env, start_new_session=True)
    try:
        from reviews.imports.services import import_start

        rows = [files.person_row(i, birth=f"19{70 + i // 900:02d}0101") for i in range(1, 501)]
        job = import_start(spec=test_import, by=agent, unit=agent.unit,
                           uploaded=SimpleUploadedFile("名单.xlsx", files.xlsx_bytes(rows)))
        midway = wait_for(lambda: Job.objects.filter(pk=job.pk, stage="write", rows_written__gt=0).exists(),
                          timeout=60)
        assert midway, "the worker never reached the write step"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and 0 < job.rows_written < 500
    assert wait_for(lambda: not Submission.objects.exists(), timeout=10)  # the open transaction died with it

    settings.IMPORT_STALE_SECONDS = 0
    from celery.contrib.testing.worker import start_worker

    import reviews.imports.tasks  # noqa: F401

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=["default"]):
        time.sleep(0.01)
        job.refresh_from_db()
        assert job_recover(job)
        assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE, timeout=60)
    job.refresh_from_db()
    assert job.attempts == 2 and job.accepted == 500
    assert Submission.objects.count() == 1 and len(job.result["lines"]) == 500


def test_hostile_files_fail_their_jobs_and_the_worker_goes_on(client, agent, test_import, celery_worker):
    """A file whose reach is not in its XML passes the upload; the worker has it measured in a memory-limited child
    (python-calamine would ask for 2 GB): the job fails with the reason, and the same worker process (this one)
    then imports an ordinary file."""
    client.force_login(agent)
    url = reverse("unit:import_upload", kwargs={"code": "test"})
    client.post(url, {"file": SimpleUploadedFile("名单.xlsx", files.far_cell_xlsx("AZ1048576",
                                                                                 cells_without_position=8))})
    job = Job.objects.get()
    assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.FAILED, timeout=60)
    assert "过大" in Job.objects.get(pk=job.pk).message
    client.post(url, {"file": SimpleUploadedFile("名单.xlsx", files.xlsx_bytes([files.person_row(1)]))})
    last = Job.objects.latest("pk")
    assert wait_for(lambda: Job.objects.get(pk=last.pk).status == Job.Status.DONE, timeout=60)


CHILD_LIMIT_SCRIPT = """
import resource, django
django.setup()
import billiard
from celery.signals import worker_process_init
from siportal.celery import app

def child(queue):
    worker_process_init.send(sender="w")  # what the prefork pool sends in each child
    queue.put(resource.getrlimit(resource.RLIMIT_AS)[0])

worker_process_init.send(sender="w")  # what the solo pool sends in the worker's own process
print(resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY)
queue = billiard.Queue()
process = billiard.Process(target=child, args=(queue,), name="ForkPoolWorker-1")
process.start()
print(queue.get(timeout=30))
process.join()
"""


def test_a_prefork_child_gets_a_hard_memory_ceiling_the_worker_itself_not(settings):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "siportal.settings.test", "WORKER_CHILD_MAX_BYTES": str(3 << 30)}
    done = subprocess.run([sys.executable, "-c", CHILD_LIMIT_SCRIPT], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    unlimited_here, child_limit = done.stdout.split()[-2:]
    assert unlimited_here == "True" and int(child_limit) == 3 << 30
