"""The engine end to end in one process: a file → parsed, validated, written as ONE submission; refused rows
with row, column and reason; a refused-rows file to fix and upload again; all-or-nothing writes."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from accounts.models import Person
from reviews.imports import testing
from reviews.imports.services import import_run
from reviews.models import AutoApprovalRule, State, Submission
from siportal.core.models import Job
from tests.factories import make_id_number

from . import files, xls

pytestmark = pytest.mark.django_db


def errors_of(job):
    return {(row, column): reason for row, column, reason in job.result["errors"]}


def test_a_clean_file_becomes_one_draft_submission_of_the_kind(run_import, good_rows, agent):
    job = run_import(files.xlsx_bytes(good_rows))
    assert job.status == Job.Status.DONE, job.message
    assert (job.rows_read, job.rows_validated, job.rows_written, job.accepted, job.refused) == (3, 3, 3, 3, 0)
    submission = Submission.objects.get()
    assert (submission.kind, submission.state, submission.unit, submission.submitter) == (
        testing.KIND, State.DRAFT, agent.unit, agent)
    assert job.result["submission_id"] == submission.pk
    lines = job.result["lines"]
    assert [line[0] for line in lines] == [2, 3, 4]
    assert lines[0][1:] == ["01", good_rows[0]["证件号码"], "张三", "6500.00", "202601"]
    assert not job.output  # nothing refused, no file
    assert not job.file  # the upload is not kept once done


def test_refused_rows_say_row_column_and_reason_in_chinese(run_import):
    Person.objects.create(id_number=make_id_number(seq=9), name="老员工")
    bad_check = make_id_number(seq=3)[:17] + ("0" if make_id_number(seq=3)[17] != "0" else "1")
    rows = [
        files.person_row(1),                                                  # 2 ok
        files.person_row(2, 姓名=""),                                         # 3 required
        files.person_row(3, 证件号码=bad_check),                              # 4 check digit
        files.person_row(4, 证件号码=110105199001011234),                     # 5 ID stored as a number
        files.person_row(5, 缴费工资="六千"),                                 # 6 amount
        files.person_row(6, 参保年月="2026-13"),                              # 7 month
        files.person_row(1, 姓名="重复"),                                     # 8 same ID as row 2
        files.person_row(9),                                                  # 9 already registered
        files.person_row(10, 证件类型="护照本"),                              # 10 not in the code list
        files.person_row(11, 性别="2|女", birth="19900101"),                  # 11 sex does not match the ID
        files.person_row(12, 姓名="=HYPERLINK(\"http://x\",\"点我\")"),       # 12 formula-looking name
    ]
    job = run_import(files.xlsx_bytes(rows))
    assert job.status == Job.Status.DONE
    assert (job.accepted, job.refused) == (1, 10)
    errors = errors_of(job)
    assert errors[(3, "姓名")] == "必填,不能为空"
    assert "校验码不正确" in errors[(4, "证件号码")]
    assert "超过15位" in errors[(5, "证件号码")] and "文本" in errors[(5, "证件号码")]
    assert "不是有效的金额" in errors[(6, "缴费工资")]
    assert "不是有效的年月" in errors[(7, "参保年月")]
    assert errors[(8, "证件号码")] == "证件类型+证件号码与第2行重复"
    assert "已在人员库中登记" in errors[(9, "证件号码")]
    assert "下拉列表" in errors[(10, "证件类型")]
    assert "第17位" in errors[(11, "性别")]
    assert "不允许的字符" in errors[(12, "姓名")]
    assert len(job.result["lines"]) == 1 and Submission.objects.count() == 1


def test_the_refused_rows_file_keeps_the_template_layout_with_reasons(run_import):
    rows = [files.person_row(1), files.person_row(2, 姓名=""), files.person_row(3, 姓名="=1+2", 缴费工资=-5)]
    job = run_import(files.xlsx_bytes(rows))
    with job.output.open("rb") as fh:
        book = openpyxl.load_workbook(io.BytesIO(fh.read()))
    sheet = book.worksheets[0]
    assert sheet.title == "人员名单"
    assert [c.value for c in sheet[1]][-1] == "失败原因"
    assert [c.value for c in sheet[1]][:3] == ["证件类型", "*证件号码", "*姓名"]
    assert sheet.max_row == 3  # header + the two refused rows
    assert sheet["B2"].value == rows[1]["证件号码"] and sheet["B2"].number_format == "@"
    assert sheet["J2"].value == "原文件第3行 姓名:必填,不能为空"  # its row in the uploaded file, not in this one
    assert sheet["C3"].value == "'=1+2" and sheet["C3"].data_type == "s"  # escaped, never a formula
    assert "缴费工资:应大于0" in sheet["J3"].value
    assert any(dv.formula1.startswith('"01|') for dv in sheet.data_validations.dataValidation)


def test_fixed_refused_rows_uploaded_again_make_a_new_batch(run_import):
    rows = [files.person_row(1), files.person_row(2, 姓名=""), files.person_row(3, 缴费工资="abc")]
    first = run_import(files.xlsx_bytes(rows))
    with first.output.open("rb") as fh:
        book = openpyxl.load_workbook(io.BytesIO(fh.read()))
    sheet = book.worksheets[0]
    sheet["C2"], sheet["G3"] = "李四", 7000
    buffer = io.BytesIO()
    book.save(buffer)
    second = run_import(buffer.getvalue(), name="名单-失败行.xlsx")
    assert second.status == Job.Status.DONE and (second.accepted, second.refused) == (2, 0)
    assert Submission.objects.count() == 2
    assert [line[3] for line in second.result["lines"]] == ["李四", "张三"]


def test_a_messy_file_with_our_headers_is_fully_accepted(run_import):
    header = ["姓　名", "＊证件号码", "缴费工资(元)", "参保年月", "出生日期", "证件类型", "不相关"]
    rows = [
        {"姓　名": " 王五 ", "＊证件号码": make_id_number("19850315", seq=1).lower(), "缴费工资(元)": "6,500.50",
         "参保年月": 202601, "出生日期": "1985/3/15", "证件类型": "居民身份证", "不相关": "=1+1"},
        {"姓　名": "赵六", "＊证件号码": "  " + make_id_number("19920704", seq=2) + " ", "缴费工资(元)": 5000,
         "参保年月": "2026-01", "出生日期": 33789, "证件类型": 1},
    ]
    content = files.xlsx_bytes(rows, header=header, title_rows=[["2026年1月新参保人员"], []], hidden_columns=("F",),
                               blank_rows_at=(1,))
    job = run_import(content)
    assert job.status == Job.Status.DONE and job.refused == 0, job.result["errors"]
    assert job.result["header_row"] == 3
    lines = job.result["lines"]
    assert [line[0] for line in lines] == [4, 6]
    assert lines[0][2] == make_id_number("19850315", seq=1) and lines[0][3] == "王五" and lines[0][4] == "6500.50"
    assert lines[1][1] == "01" and lines[1][4] == "5000.00" and lines[1][5] == "202601"


def test_dates_given_must_match_the_id(run_import):
    rows = [files.person_row(1, 出生日期=date(1990, 1, 1)), files.person_row(2, 出生日期="1991-01-01")]
    job = run_import(files.xlsx_bytes(rows))
    assert job.accepted == 1
    assert errors_of(job) == {(3, "出生日期"): "与身份证号码中的出生日期不符"}


def test_a_csv_file_imports_too(run_import, good_rows):
    job = run_import(files.csv_bytes(good_rows, encoding="gb18030"), name="名单.csv")
    assert job.status == Job.Status.DONE and job.accepted == 3


def test_nothing_accepted_makes_no_submission(run_import):
    job = run_import(files.xlsx_bytes([files.person_row(1, 姓名=""), files.person_row(2, 缴费工资=0)]))
    assert job.status == Job.Status.DONE and (job.accepted, job.refused) == (0, 2)
    assert job.result["submission_id"] is None
    assert not Submission.objects.exists()


@pytest.mark.parametrize("content, words", [
    (files.xlsx_bytes([{"a": 1}], header=["a", "b"]), "没有找到"),
    (files.xlsx_bytes([{"证件号码": "1"}], header=["证件号码"]), "缺少必填列"),
])
def test_a_file_refused_in_the_worker_fails_the_job_and_writes_nothing(run_import, content, words):
    job = run_import(content)
    assert job.status == Job.Status.FAILED
    assert words in job.message and "未生成任何业务" in job.message
    assert not Submission.objects.exists() and not job.file and not job.output


def test_more_rows_than_the_limit_fails_the_job(run_import, settings):
    settings.IMPORT_MAX_ROWS = 5
    job = run_import(files.xlsx_bytes([files.person_row(i) for i in range(1, 8)]))
    assert job.status == Job.Status.FAILED and "超过5行" in job.message
    assert not Submission.objects.exists()


def test_submit_after_import_and_vip_auto_approval(run_import, good_rows, agent):
    unit = agent.unit
    unit.is_vip = True
    unit.save()
    AutoApprovalRule.objects.create(unit=unit, kinds=[testing.KIND])
    job = run_import(files.xlsx_bytes(good_rows), submit=True)
    submission = Submission.objects.get()
    assert submission.state == State.DONE and submission.auto_approved
    assert job.result["submitted_state"] == State.DONE


def test_submit_after_import_without_vip_waits_for_review(run_import, good_rows):
    job = run_import(files.xlsx_bytes(good_rows), submit=True)
    assert Submission.objects.get().state == State.SUBMITTED
    assert job.result["submitted_state"] == State.SUBMITTED


def test_amounts_are_decimals(run_import):
    job = run_import(files.xlsx_bytes([files.person_row(1, 缴费工资=6500.555)]))
    assert Decimal(job.result["lines"][0][4]) == Decimal("6500.56")


def test_rerunning_a_finished_job_does_nothing(run_import, good_rows):
    job = run_import(files.xlsx_bytes(good_rows))
    assert import_run(job_id=job.pk) is None
    assert Submission.objects.count() == 1
    job.refresh_from_db()
    assert job.attempts == 1 and len(job.result["lines"]) == 3


def test_an_old_xls_file_imports_too(run_import):
    header = list(files.HEADER)
    rows = [header] + [[files.person_row(i)[h] for h in header] for i in (1, 2)]
    job = run_import(xls.xls_bytes(rows, "人员名单"), name="名单.xls")
    assert job.status == Job.Status.DONE and job.accepted == 2, job.message
