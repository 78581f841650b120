"""Stored import files hold full ID numbers and names: past ``IMPORT_FILE_RETENTION_DAYS`` they are deleted, the
job's counts and reasons stay, and the agent is told why the refused-rows file is gone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.imports.services import import_purge_files, import_run
from siportal.core.models import Job

from . import files

pytestmark = pytest.mark.django_db


def stored_files(settings):
    return sorted(p.name for p in (settings.MEDIA_ROOT / "jobs").rglob("*") if p.is_file())


@pytest.fixture
def with_refused(run_import):
    return run_import(files.xlsx_bytes([files.person_row(1), files.person_row(2, 姓名="")]))


def test_refused_rows_file_is_deleted_after_the_retention_period(settings, client, agent, with_refused):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    assert with_refused.output and len(stored_files(settings)) == 1
    assert import_purge_files(now=timezone.now() + timedelta(days=29)) == 0
    assert len(stored_files(settings)) == 1

    assert import_purge_files(now=timezone.now() + timedelta(days=31)) == 1
    job = Job.objects.get(pk=with_refused.pk)
    assert stored_files(settings) == [] and not job.output
    assert (job.accepted, job.refused) == (1, 1) and job.result["errors"]
    client.force_login(agent)
    assert client.get(reverse("unit:import_refused", kwargs={"pk": job.pk})).status_code == 404
    page = client.get(reverse("unit:import_job", kwargs={"pk": job.pk})).content.decode()
    assert "已在保存期满后删除" in page and "下载失败行" not in page
    assert import_purge_files(now=timezone.now() + timedelta(days=62)) == 0  # nothing left to do


def test_a_repeated_file_never_confirmed_is_deleted_and_the_job_failed(settings, run_import, test_import, agent,
                                                                        upload):
    from reviews.imports.services import import_start

    content = files.xlsx_bytes([files.person_row(1)])
    run_import(content)
    pending = import_start(spec=test_import, by=agent, unit=agent.unit, uploaded=upload(content))
    assert pending.status == Job.Status.PENDING and len(stored_files(settings)) == 1

    import_purge_files(now=timezone.now() + timedelta(days=31))
    pending.refresh_from_db()
    assert pending.status == Job.Status.FAILED and "未确认" in pending.message and not pending.file
    assert stored_files(settings) == []
    assert import_run(job_id=pending.pk) is None  # a late confirmation cannot run it any more
