"""The unit hall's import pages: every page opens, every download downloads, and another unit's job is a 404."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.imports.services import import_run, import_start
from siportal.core.models import Job
from tests import factories

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_agent(client, agent, test_import):
    client.force_login(agent)
    return client


def post_file(client, content, name="名单.xlsx", **extra):
    return client.post(reverse("unit:import_upload", kwargs={"code": "test"}),
                       {"file": SimpleUploadedFile(name, content), **extra})


def finished_job(agent, test_import, rows):
    job = import_start(spec=test_import, by=agent, unit=agent.unit,
                       uploaded=SimpleUploadedFile("名单.xlsx", files.xlsx_bytes(rows)))
    import_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_the_list_page_offers_template_and_upload(client_agent):
    response = client_agent.get(reverse("unit:imports"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "批量导入测试" in page and reverse("unit:import_template", kwargs={"code": "test"}) in page
    assert "还没有导入任务" in page


def test_a_unit_master_account_does_no_business(client, master, test_import):
    client.force_login(master)
    assert client.get(reverse("unit:imports")).status_code == 403


def test_template_download(client_agent):
    response = client_agent.get(reverse("unit:import_template", kwargs={"code": "test"}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[0] == "人员名单"


def test_an_unknown_import_is_a_404(client_agent):
    assert client_agent.get(reverse("unit:import_template", kwargs={"code": "nope"})).status_code == 404


def test_upload_leads_to_the_job_page_with_a_live_progress_bar(client_agent):
    response = post_file(client_agent, files.xlsx_bytes([files.person_row(1)]))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("unit:import_job", kwargs={"pk": job.pk})
    page = client_agent.get(response.url).content.decode()
    assert reverse("unit:import_progress", kwargs={"pk": job.pk}) in page
    assert "js/import-progress" in page and "排队中" in page
    progress = client_agent.get(reverse("unit:import_progress", kwargs={"pk": job.pk})).json()
    assert progress["status"] == "queued" and progress["finished"] is False and progress["percent"] == 0


def test_a_hostile_upload_shows_the_reason_on_the_form(client_agent):
    response = post_file(client_agent, b"MZ\x90\x00" + b"\x00" * 64)
    assert response.status_code == 200
    assert "可执行程序" in response.content.decode()
    assert not Job.objects.exists()


def test_the_result_page_and_the_refused_rows_download(client_agent, agent, test_import):
    job = finished_job(agent, test_import, [files.person_row(1), files.person_row(2, 姓名="")])
    page = client_agent.get(reverse("unit:import_job", kwargs={"pk": job.pk})).content.decode()
    assert "通过校验" in page and "第3行" in page and "必填,不能为空" in page
    assert job.result["submission_number"] in page
    assert "import-progress.js" not in page
    progress = client_agent.get(reverse("unit:import_progress", kwargs={"pk": job.pk})).json()
    assert progress["finished"] is True and progress["percent"] == 100
    assert (progress["accepted"], progress["refused"]) == (1, 1)
    response = client_agent.get(reverse("unit:import_refused", kwargs={"pk": job.pk}))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet.max_row == 2 and "必填" in sheet.cell(2, sheet.max_column).value


def test_no_refused_file_when_all_rows_pass(client_agent, agent, test_import):
    job = finished_job(agent, test_import, [files.person_row(1)])
    assert client_agent.get(reverse("unit:import_refused", kwargs={"pk": job.pk})).status_code == 404


def test_the_jobs_are_listed_for_this_unit_only(client_agent, agent, foreign_agent, test_import):
    mine = finished_job(agent, test_import, [files.person_row(1)])
    theirs = finished_job(foreign_agent, test_import, [files.person_row(2)])
    page = client_agent.get(reverse("unit:imports")).content.decode()
    assert reverse("unit:import_job", kwargs={"pk": mine.pk}) in page
    assert reverse("unit:import_job", kwargs={"pk": theirs.pk}) not in page


@pytest.mark.parametrize("page", ["unit:todo", "unit:submissions"])
def test_a_job_left_running_is_found_again_from_the_task_lists(client_agent, agent, foreign_agent, test_import,
                                                               page):
    mine = import_start(spec=test_import, by=agent, unit=agent.unit,
                        uploaded=SimpleUploadedFile("我的名单.xlsx", files.xlsx_bytes([files.person_row(1)])))
    theirs = import_start(spec=test_import, by=foreign_agent, unit=foreign_agent.unit,
                          uploaded=SimpleUploadedFile("别人的名单.xlsx", files.xlsx_bytes([files.person_row(2)])))
    html = client_agent.get(reverse(page)).content.decode()
    assert "进行中的批量导入" in html and "我的名单.xlsx" in html and "排队中" in html
    assert reverse("unit:import_job", kwargs={"pk": mine.pk}) in html
    assert reverse("unit:import_job", kwargs={"pk": theirs.pk}) not in html and "别人的名单" not in html
    import_run(job_id=mine.pk)
    assert "进行中的批量导入" not in client_agent.get(reverse(page)).content.decode()


def test_a_colleague_of_the_same_unit_sees_the_job(client, agent, test_import):
    job = finished_job(agent, test_import, [files.person_row(1)])
    client.force_login(factories.agent(agent.unit))
    assert client.get(reverse("unit:import_job", kwargs={"pk": job.pk})).status_code == 200


@pytest.mark.parametrize("name, method", [("import_job", "get"), ("import_progress", "get"),
                                          ("import_refused", "get"), ("import_confirm", "post"),
                                          ("import_cancel", "post")])
def test_another_units_job_is_a_404(client_agent, foreign_agent, test_import, name, method):
    job = finished_job(foreign_agent, test_import, [files.person_row(1), files.person_row(2, 姓名="")])
    response = getattr(client_agent, method)(reverse(f"unit:{name}", kwargs={"pk": job.pk}))
    assert response.status_code == 404


def test_the_same_file_twice_asks_then_imports_or_drops(client_agent):
    content = files.xlsx_bytes([files.person_row(1)])
    post_file(client_agent, content)
    first = Job.objects.get()
    import_run(job_id=first.pk)
    response = post_file(client_agent, content)
    second = Job.objects.exclude(pk=first.pk).get()
    assert second.status == Job.Status.PENDING
    page = client_agent.get(response.url).content.decode()
    assert "以前已经导入过" in page and f"导入任务 {first.pk}" in page
    response = client_agent.post(reverse("unit:import_confirm", kwargs={"pk": second.pk}))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Job.Status.QUEUED
    post_file(client_agent, content)
    third = Job.objects.order_by("-id").first()
    response = client_agent.post(reverse("unit:import_cancel", kwargs={"pk": third.pk}))
    assert response.url == reverse("unit:imports")
    assert not Job.objects.filter(pk=third.pk).exists()


def test_the_progress_endpoint_is_json_and_never_cached(client_agent):
    post_file(client_agent, files.xlsx_bytes([files.person_row(1)]))
    response = client_agent.get(reverse("unit:import_progress", kwargs={"pk": Job.objects.get().pk}))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert set(json.loads(response.content)) >= {"status", "percent", "rows_read", "rows_validated", "rows_written"}
