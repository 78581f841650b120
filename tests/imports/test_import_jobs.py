"""Starting, repeating and recovering jobs: hostile uploads store nothing, the same file twice asks first, a job
that fails or is interrupted never leaves a partial or a duplicated submission."""

import dataclasses
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from reviews import registry
from reviews.imports import testing
from reviews.imports.progress import job_recover
from reviews.imports.services import ImportRefused, import_cancel, import_confirm, import_run, import_start
from reviews.imports.spec import register_import
from reviews.models import Submission
from reviews.services import submission_create
from siportal.core.models import Job
from tests.factories import queued_tasks

from . import files

pytestmark = pytest.mark.django_db



def job_files(settings):
    return [p for p in (settings.MEDIA_ROOT / "jobs").rglob("*") if p.is_file()]


@pytest.fixture
def start(test_import, agent, upload):
    def go(content, name="名单.xlsx", **kwargs):
        return import_start(spec=test_import, by=agent, unit=agent.unit, uploaded=upload(content, name), **kwargs)

    return go


@pytest.mark.parametrize("content, name, words", [
    (b"MZ\x90\x00" + b"\x00" * 100, "名单.xlsx", "可执行程序"),
    ("姓名\n张三\n".encode(), "名单.xlsx", "文本"),
    (files.mark_encrypted(files.xlsx_bytes([files.person_row(1)])), "名单.xlsx", "加密"),
    (files.encrypted_ooxml(), "名单.xlsx", "加密"),
    (files.xlsx_bytes([files.person_row(1)])[:500], "名单.xlsx", "损坏"),
    (files.add_member(files.xlsx_bytes([files.person_row(1)]), "xl/x.bin", b"\x00" * (30 << 20)), "a.xlsx", "压缩炸弹"),
])
def test_hostile_uploads_are_refused_at_once_and_store_nothing(start, settings, content, name, words):
    with pytest.raises(ImportRefused, match=words):
        start(content, name)
    assert not Job.objects.exists()
    assert job_files(settings) == []


def test_an_upload_over_the_size_limit(start, settings):
    settings.IMPORT_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ImportRefused, match="超过了"):
        start(files.xlsx_bytes([files.person_row(i) for i in range(1, 40)]))


def test_a_kind_the_unit_may_not_start_now(start, test_import):
    registry.register(registry.Kind(code=testing.KIND, label="批量导入测试", hall="unit", apply=lambda s: None,
                                    may_start=lambda unit: False), replace=True)
    with pytest.raises(ImportRefused, match="当前不能办理"):
        start(files.xlsx_bytes([files.person_row(1)]))


def test_a_start_queues_the_task_after_commit(start, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        job = start(files.xlsx_bytes([files.person_row(1)]), submit=True)
    assert job.status == Job.Status.QUEUED and len(queued_tasks(callbacks)) == 1
    assert job.file_hash and job.file_name == "名单.xlsx" and job.result["submit"] is True


def test_the_same_file_twice_asks_before_a_second_batch(start, django_capture_on_commit_callbacks, settings):
    content = files.xlsx_bytes([files.person_row(1)])
    first = start(content)
    import_run(job_id=first.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        second = start(content, name="改了名字.xlsx")
    assert second.status == Job.Status.PENDING and queued_tasks(callbacks) == []
    assert second.result["duplicate_of"] == first.pk
    with django_capture_on_commit_callbacks() as callbacks:
        import_confirm(job=second)
    assert second.status == Job.Status.QUEUED and len(queued_tasks(callbacks)) == 1
    import_run(job_id=second.pk)
    assert Submission.objects.count() == 2


def test_a_repeated_file_can_be_dropped(start):
    content = files.xlsx_bytes([files.person_row(1)])
    start(content)
    second = start(content)
    stored = second.file.path
    import_cancel(job=second)
    assert not Job.objects.filter(pk=second.pk).exists()
    assert not os.path.exists(stored)


def test_a_failed_earlier_job_does_not_count_as_a_repeat(start):
    content = files.xlsx_bytes([files.person_row(1)])
    first = start(content)
    Job.objects.filter(pk=first.pk).update(status=Job.Status.FAILED)
    assert start(content).status == Job.Status.QUEUED


def test_only_a_pending_job_can_be_cancelled(start):
    job = start(files.xlsx_bytes([files.person_row(1)]))
    with pytest.raises(ImportRefused):
        import_cancel(job=job)


def test_a_failing_write_leaves_no_partial_submission(start):
    calls = []

    def explode(submission, rows, ctx):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        testing.write(submission, rows, ctx)

    register_import(dataclasses.replace(testing.SPEC, write=explode, chunk_size=2))
    job = start(files.xlsx_bytes([files.person_row(i) for i in range(1, 6)]))
    import_run(job_id=job.pk)
    job.refresh_from_db()
    assert calls == [2, 2]
    assert job.status == Job.Status.FAILED and "未生成任何业务" in job.message
    assert not Submission.objects.exists()
    assert "lines" not in job.result and job.rows_written == 0


def test_an_interrupted_job_is_resumed_from_the_file_once(start):
    job = start(files.xlsx_bytes([files.person_row(i) for i in range(1, 4)]))
    stale = timezone.now() - timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, heartbeat_at=stale, rows_read=2)
    import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and job.accepted == 3
    assert Submission.objects.count() == 1 and len(job.result["lines"]) == 3


def test_a_job_running_in_a_live_worker_is_left_alone(start):
    job = start(files.xlsx_bytes([files.person_row(1)]))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    assert import_run(job_id=job.pk) is None
    assert not Submission.objects.exists()


def test_a_resumed_job_whose_submission_exists_writes_no_line_twice(start, agent):
    job = start(files.xlsx_bytes([files.person_row(i) for i in range(1, 4)]))
    # the submission keyed by this job exists already (as if an earlier attempt had committed it)
    submission_create(kind=testing.KIND, by=agent, unit=agent.unit, client_token=f"import:{job.pk}")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1,
                                         heartbeat_at=timezone.now() - timedelta(hours=1))
    import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and Submission.objects.count() == 1
    assert "lines" not in job.result  # the writer was not called again


def test_too_many_interruptions_fail_the_job(start, settings):
    job = start(files.xlsx_bytes([files.person_row(1)]))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=3,
                                         heartbeat_at=timezone.now() - timedelta(hours=1))
    assert import_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "中断" in job.message
    assert not Submission.objects.exists()


def test_recover_queues_a_silent_job_again(start, django_capture_on_commit_callbacks):
    job = start(files.xlsx_bytes([files.person_row(1)]))
    assert job_recover(job) is False  # fresh
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1,
                                         heartbeat_at=timezone.now() - timedelta(hours=1))
    job.refresh_from_db()
    with django_capture_on_commit_callbacks() as callbacks:
        assert job_recover(job) is True
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and len(queued_tasks(callbacks)) == 1


def test_recover_fails_a_job_interrupted_too_often(start):
    job = start(files.xlsx_bytes([files.person_row(1)]))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=3,
                                         heartbeat_at=timezone.now() - timedelta(hours=1))
    job.refresh_from_db()
    assert job_recover(job) is False
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_a_kind_with_one_open_submission_already_open(start, agent):
    registry.register(registry.Kind(code=testing.KIND, label="批量导入测试", hall="unit", apply=lambda s: None,
                                    single_open=True), replace=True)
    existing, _ = submission_create(kind=testing.KIND, by=agent, unit=agent.unit)
    job = start(files.xlsx_bytes([files.person_row(1)]))
    import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and existing.number in job.message
    assert Submission.objects.count() == 1
