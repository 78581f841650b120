"""Files that deceive or overwhelm, through the agent's pages: a far filled cell, a repeated (hidden) header,
hidden columns and rows, a header with no data, a 50,000-character cell; the job page during an automatic submit;
a worker lost while reading a file."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviews.imports import selectors, services
from reviews.imports.progress import job_recover
from reviews.imports.services import import_run, import_start
from reviews.models import Submission
from siportal.core.models import Job

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_agent(client, agent, test_import):
    client.force_login(agent)
    return client


def upload_and_run(client, content, name="名单.xlsx", **extra):
    """Upload through the page, run the job in this process, return the job page's HTML and the job."""
    response = client.post(reverse("unit:import_upload", kwargs={"code": "test"}),
                           {"file": SimpleUploadedFile(name, content), **extra})
    job = Job.objects.latest("pk")
    assert response.status_code == 302, response.content.decode()[:500]
    import_run(job_id=job.pk)
    job.refresh_from_db()
    page = client.get(reverse("unit:import_job", kwargs={"pk": job.pk})).content.decode()
    return page, job


@pytest.mark.parametrize("far", ["XFD1048576", "AZ1048576"])
def test_a_far_filled_cell_is_refused_on_the_upload_form_naming_the_cell(client_agent, far):
    response = client_agent.post(reverse("unit:import_upload", kwargs={"code": "test"}),
                                 {"file": SimpleUploadedFile("名单.xlsx", files.far_cell_xlsx(far))})
    assert response.status_code == 200
    assert f"第{far[:-7]}列第1048576行有内容,请删除多余的单元格" in response.content.decode()
    assert not Job.objects.exists() and not Submission.objects.exists()


def test_a_blank_styled_cell_far_away_is_imported(client_agent):
    page, job = upload_and_run(client_agent, files.far_cell_xlsx("XFD1048576", filled=False))
    assert job.status == Job.Status.DONE and job.accepted == 3


def test_a_repeated_header_with_a_hidden_stale_column_is_refused(client_agent):
    header = [*files.HEADER, "证件号码 "]  # the 10th column: the real IDs; B (hidden): a stale copy
    rows = [{**files.person_row(i), "证件号码 ": files.person_row(i + 50)["证件号码"]} for i in range(1, 4)]
    page, job = upload_and_run(client_agent, files.xlsx_bytes(rows, header=header, hidden_columns=("B",)))
    assert job.status == Job.Status.FAILED
    assert "第2列(隐藏)与第10列的表头都是“证件号码”,请删除其中一列" in page
    assert not Submission.objects.exists()


def test_a_header_and_its_alias_twice_is_refused_too(client_agent):
    header = ["证件类型", "身份证号码", "姓名", "缴费工资", "参保年月", "证件号码"]
    rows = [{**files.person_row(1), "身份证号码": files.person_row(2)["证件号码"]}]
    page, job = upload_and_run(client_agent, files.xlsx_bytes(rows, header=header))
    assert job.status == Job.Status.FAILED and "第2列与第6列的表头都是“证件号码”" in page


def test_hidden_columns_and_rows_that_were_read_are_reported(client_agent):
    rows = [files.person_row(i) for i in range(1, 7)]
    page, job = upload_and_run(client_agent, files.xlsx_bytes(rows, hidden_columns=("C",), hidden_rows=(3, 6)))
    assert job.status == Job.Status.DONE and job.accepted == 6
    assert "隐藏的列或行也已读取" in page
    assert "第3列(隐藏)“姓名”" in page
    assert "第3行(隐藏)" in page and "第6行(隐藏)" in page and "第4行(隐藏)" not in page


def test_nothing_hidden_nothing_reported(client_agent):
    page, job = upload_and_run(client_agent, files.xlsx_bytes([files.person_row(1)]))
    assert job.status == Job.Status.DONE and "隐藏" not in page


def test_a_header_only_file_says_it_has_no_data_rows(client_agent):
    page, job = upload_and_run(client_agent, files.xlsx_bytes([]))
    assert job.status == Job.Status.FAILED
    assert "文件只有表头,没有数据行" in page


def test_a_huge_cell_is_quoted_cut_with_its_length(client_agent):
    page, job = upload_and_run(client_agent, files.csv_bytes([files.person_row(1, month="9" * 50_000)]), "名单.csv")
    reason = job.result["errors"][0][2]
    assert "…(共50000个字符)" in reason and len(reason) < 120
    assert "9" * 51 not in page


def test_with_automatic_submit_the_job_is_finished_only_once_submitted(client_agent, agent, monkeypatch):
    seen = []
    submit = services.submission_transition

    def watched(**kwargs):
        job = Job.objects.latest("pk")
        seen.append(selectors.job_progress(job))
        return submit(**kwargs)

    monkeypatch.setattr(services, "submission_transition", watched)
    page, job = upload_and_run(client_agent, files.xlsx_bytes([files.person_row(1)]), submit="1")
    assert seen and not seen[0]["finished"] and seen[0]["stage_label"] == "提交审批"
    assert job.status == Job.Status.DONE and job.result["submitted_state"] == "submitted"
    assert "已生成一笔业务并提交审批" in page and "请核对后提交审批" not in page


def test_a_worker_lost_while_reading_fails_the_job_saying_what_it_read(test_import, agent):
    job = import_start(spec=test_import, by=agent, unit=agent.unit,
                       uploaded=SimpleUploadedFile("名单.xlsx", files.xlsx_bytes([files.person_row(1)])))
    stale = timezone.now() - timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, stage="read", heartbeat_at=stale,
                                         result={**job.result, "reading": {"sheet": "人员名单",
                                                                           "reach": "A1:AZ1048576"}})
    job.refresh_from_db()
    assert job_recover(job) is False  # not queued again
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "读取文件时后台进程异常终止" in job.message and "A1:AZ1048576" in job.message and "人员名单" in job.message


def test_the_job_notes_what_it_reads_before_reading_it(run_import):
    job = run_import(files.xlsx_bytes([files.person_row(i) for i in range(1, 4)]))
    assert job.result["reading"] == {"sheet": "人员名单", "reach": "A1:I4"}


def test_a_prefork_child_lost_while_reading_fails_the_job_at_once(test_import, agent):
    """The worker's main process reports the lost child (task_failure with WorkerLostError): no waiting for a stale
    heartbeat, no second attempt."""
    from billiard.exceptions import WorkerLostError
    from celery.signals import task_failure

    from reviews.imports.tasks import import_run_task

    job = import_start(spec=test_import, by=agent, unit=agent.unit,
                       uploaded=SimpleUploadedFile("名单.xlsx", files.xlsx_bytes([files.person_row(1)])))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, stage="read",
                                         heartbeat_at=timezone.now(),
                                         result={**job.result, "reading": {"sheet": "人员名单", "reach": ""}})
    task_failure.send(sender=import_run_task, task_id="x", exception=WorkerLostError("signal 6"), args=[job.pk],
                      kwargs={}, traceback=None, einfo=None)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "读取文件时后台进程异常终止(文件中工作表“人员名单”)" in job.message
