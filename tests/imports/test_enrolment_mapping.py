"""The real mapping of 职工新参保登记 (enrollment/imports.py) on the engine: the hall's own rules per row and in
sets, JoinLines written in bulk as one staff_enrol submission, approved into memberships."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Person
from enrollment.models import JoinLine, KindCode, Membership
from reviews.imports.services import import_run, import_start, import_template
from reviews.imports.spec import get_import
from reviews.models import AutoApprovalRule, State, Submission
from reviews.services import submission_transition
from siportal.core.models import Job
from tests.enrollment.factories import approve, bad_checksum, id_number, open_unit, this_month

pytestmark = pytest.mark.django_db
HEADER = ["证件类型", "证件号码", "姓名", "民族", "户口性质", "用工形式", "参加工作日期", "缴费工资", "参保险种",
          "参保年月", "手机号"]


@pytest.fixture
def spec():
    return get_import(KindCode.STAFF_ENROL)


@pytest.fixture
def opened(agent, district_reviewer):
    return open_unit(agent, district_reviewer)


def row(seq, **changes):
    values = {"证件类型": "01|居民身份证", "证件号码": id_number("19900101", seq=seq), "姓名": "张三", "民族": "01|汉族",
              "户口性质": "11|本市城镇户口", "用工形式": "1|劳动合同制", "参加工作日期": "2012-07-01", "缴费工资": 6500,
              "参保险种": "", "参保年月": this_month(), "手机号": ""}
    values.update(changes)
    return [values[h] for h in HEADER]


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年职工新参保人员名单"])
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(spec, agent, content, submit=False):
    job = import_start(spec=spec, by=agent, unit=agent.unit, uploaded=SimpleUploadedFile("名单.xlsx", content),
                       submit=submit)
    import_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_the_mapping_is_found_by_autodiscovery_and_writes_a_template(spec):
    assert spec is not None and spec.kind == KindCode.STAFF_ENROL
    buffer = io.BytesIO()
    import_template(spec=spec, target=buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    assert [c.value for c in sheet[1]][:3] == ["*证件类型", "*证件号码", "*姓名"]


def test_rows_checked_by_the_hall_rules_become_join_lines(spec, opened, agent):
    Person.objects.create(id_number=id_number("19900101", seq=7), name="老职工")
    rows = [
        row(1),
        row(2, 参保险种="110,310", 缴费工资="7,000.50"),
        row(3, 证件号码=bad_checksum(id_number("19900101", seq=3))),
        row(4, 民族="火星族"),
        row(5, 缴费工资=6500.555),
        row(6, 参保年月="199001"),
        row(7),
        row(1, 姓名="重复"),
    ]
    job = run(spec, agent, workbook(rows))
    assert job.status == Job.Status.DONE, job.message
    assert (job.accepted, job.refused) == (2, 6)
    errors = {(r, c): m for r, c, m in job.result["errors"]}
    assert "校验码" in errors[(5, "证件号码")]
    assert "火星族" in errors[(6, "民族")]
    assert "两位小数" in errors[(7, "缴费工资")]
    assert "早于" in errors[(8, "参保年月")]
    assert "已在人员库中" in errors[(9, "证件号码")] and "老职工" not in errors[(9, "证件号码")]
    assert errors[(10, "证件号码")] == "证件类型+证件号码与第3行重复"
    submission = Submission.objects.get(pk=job.result["submission_id"])
    assert submission.kind == KindCode.STAFF_ENROL and submission.state == State.DRAFT
    lines = list(JoinLine.objects.filter(submission=submission).order_by("id"))
    assert [line.id_number for line in lines] == [id_number("19900101", seq=1), id_number("19900101", seq=2)]
    assert lines[0].insurance_types == ["110", "210", "310", "410", "510"]  # empty: every type of the unit
    assert lines[1].insurance_types == ["110", "310"] and str(lines[1].wage) == "7000.50"
    assert lines[0].sex == "1" and str(lines[0].birth_date) == "1990-01-01"


def test_the_imported_submission_goes_through_review_into_memberships(spec, opened, agent, district_reviewer):
    job = run(spec, agent, workbook([row(1), row(2)]))
    submission = Submission.objects.get(pk=job.result["submission_id"])
    approve(submission, agent, district_reviewer)
    assert Membership.objects.filter(unit=opened).count() == 10  # 2 persons × 5 types


def test_a_vip_unit_submits_on_import_and_is_approved_at_once(spec, opened, agent):
    opened.is_vip = True
    opened.save()
    AutoApprovalRule.objects.create(unit=opened, kinds=[KindCode.STAFF_ENROL])
    job = run(spec, agent, workbook([row(1)]), submit=True)
    assert Submission.objects.get(kind=KindCode.STAFF_ENROL).state == State.DONE
    assert job.result["submitted_state"] == State.DONE
    assert Person.objects.filter(id_number=id_number("19900101", seq=1)).exists()


def test_a_unit_not_yet_opened_cannot_import(spec, agent):
    from reviews.imports.services import ImportRefused

    with pytest.raises(ImportRefused, match="当前不能办理"):
        import_start(spec=spec, by=agent, unit=agent.unit,
                     uploaded=SimpleUploadedFile("名单.xlsx", workbook([row(1)])))


def test_the_submission_can_be_submitted_as_a_whole(spec, opened, agent):
    job = run(spec, agent, workbook([row(1), row(2)]))
    submission = submission_transition(submission_id=job.result["submission_id"], action="submit", by=agent)
    assert submission.state == State.SUBMITTED


def test_pension_is_refused_for_a_row_past_the_retirement_age(spec, opened, agent):
    old = {"证件号码": id_number("19510301", seq=3), "参加工作日期": "1970-07-01"}
    rows = [row(1), row(2, **old), row(4, **{**old, "证件号码": id_number("19510301", seq=5)}, 参保险种="310,410")]
    job = run(spec, agent, workbook(rows))
    assert (job.accepted, job.refused) == (2, 1)
    errors = {(r, c): m for r, c, m in job.result["errors"]}
    assert errors[(4, "参保险种")] == ("该人员已达法定退休年龄(男60周岁,2011年03月达到),不能参加企业职工基本养老保险。")
