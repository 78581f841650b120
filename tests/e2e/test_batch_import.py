"""批量导入 in a real browser with a real worker: download the template, fill two rows in it (one bad), upload,
watch the progress bar move without a reload, read the result, download the refused rows."""

import dataclasses
import time

import openpyxl
import pytest
from playwright.sync_api import expect

from reviews.imports import testing
from reviews.imports.spec import register_import
from reviews.models import Submission
from tests.factories import PASSWORD, make_id_number

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_test_import():
    """The engine's test mapping, one row per chunk and a pause per chunk, so the bar can be seen moving."""
    testing.register()

    def validate(rows, ctx):
        time.sleep(1.5)
        testing.validate(rows, ctx)

    def write(submission, rows, ctx):
        time.sleep(1.5)
        testing.write(submission, rows, ctx)

    yield register_import(dataclasses.replace(testing.SPEC, validate=validate, write=write, chunk_size=1))
    testing.unregister()


def test_template_fill_upload_progress_result_and_refused_rows(new_page, shoot, agent, slow_test_import, tmp_path):
    from celery.contrib.testing.worker import start_worker

    import reviews.imports.tasks  # noqa: F401  (the worker below runs in this process)
    from siportal.celery import app

    app.control.purge()
    page = new_page()
    login(page, agent.username, PASSWORD)
    page.goto("/unit/imports/")
    expect(page.locator("h1")).to_have_text("批量导入")
    shoot(page, "import-list")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载模板").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    book = openpyxl.load_workbook(template)
    sheet = book["人员名单"]
    good, bad = make_id_number("19880808", seq=1), make_id_number("19900101", seq=2)
    bad = bad[:17] + ("1" if bad[17] != "1" else "2")  # a wrong check digit
    sheet.append(["01|居民身份证", good, "张三", None, None, "01|汉族", 6800, "202601", "13900000001"])
    sheet.append(["01|居民身份证", bad, "李四", None, None, "01|汉族", 5200, "202601", "13900000002"])
    filled = tmp_path / "名单.xlsx"
    book.save(filled)

    page.set_input_files("#import-test input[type=file]", str(filled))
    page.locator("#import-test").get_by_role("button", name="上传并导入").click()
    progress = page.locator(".import-progress")
    expect(progress).to_contain_text("排队中")
    page.evaluate("window.__sameDocument = true")  # gone if the page were reloaded

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=["default"]):
        expect(progress).to_contain_text("处理中", timeout=20_000)
        # the bar moved without a reload (the page reloads itself only once the job has finished)
        assert page.evaluate("window.__sameDocument === true")
        shoot(page, "import-progress")
        expect(page.locator(".import-result")).to_be_visible(timeout=30_000)

    expect(page.locator(".result-accepted")).to_have_text("1")
    expect(page.locator(".result-refused")).to_have_text("1")
    row = page.locator(".refused-rows tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("第3行")
    expect(row).to_contain_text("证件号码")
    expect(row).to_contain_text("校验码")
    shoot(page, "import-result")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载失败行(含失败原因)").click()
    refused = tmp_path / "refused.xlsx"
    download.value.save_as(refused)
    sheet = openpyxl.load_workbook(refused).worksheets[0]
    assert [c.value for c in sheet[1]][-1] == "失败原因"
    assert sheet.max_row == 2 and sheet["B2"].value == bad and sheet["C2"].value == "李四"
    assert "校验码" in sheet.cell(2, sheet.max_column).value

    submission = Submission.objects.get()
    page.locator(".import-submission a").click()
    expect(page.locator(".submission-number")).to_have_text(submission.number)
