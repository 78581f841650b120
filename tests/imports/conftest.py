"""Fixtures of the import engine's tests: the test mapping registered, an agent's upload, a job run in-process."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reviews.imports import testing
from reviews.imports.services import import_run, import_start

from . import files


@pytest.fixture
def test_import(db):
    spec = testing.register()
    yield spec
    testing.unregister()


@pytest.fixture
def upload():
    def make(content: bytes, name="名单.xlsx"):
        return SimpleUploadedFile(name, content)

    return make


@pytest.fixture
def run_import(test_import, agent, upload):
    """Upload ``content`` as ``agent`` and run the job in this process (no worker); return the finished job."""

    def run(content: bytes, name="名单.xlsx", submit=False):
        job = import_start(spec=test_import, by=agent, unit=agent.unit, uploaded=upload(content, name),
                           submit=submit)
        import_run(job_id=job.pk)
        job.refresh_from_db()
        return job

    return run


@pytest.fixture
def good_rows():
    return [files.person_row(seq=i) for i in range(1, 4)]

