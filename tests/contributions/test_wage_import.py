"""批量年度工资申报 on the import engine: the template prefilled with the unit's paying staff and their last wage,
per-row refusals (a wage that is not a positive number, a person not paying in this unit, a repeated line, a name
that does not match), and the accepted rows as ONE 缴费基数申报 submission whose lines are priced as on the hall
page."""

import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Person
from contributions.models import WageBase, WageLine
from reviews.imports.services import import_run, import_start
from reviews.imports.spec import get_import
from reviews.models import Submission
from siportal.core.models import Job
from tests.enrollment import factories as ef

pytestmark = pytest.mark.django_db
HEADER = ["证件号码", "姓名", "上次申报工资", "本次缴费工资", "生效年月"]


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(agent, content) -> Job:
    job = import_start(spec=get_import("wage_declaration"), by=agent, unit=agent.unit,
                       uploaded=SimpleUploadedFile("工资.xlsx", content))
    import_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def errors_of(job) -> dict:
    return {(number, column): message for number, column, message in job.result["errors"]}


def test_the_template_lists_the_units_paying_staff_with_the_last_wage(agent_client, staff_policy, staff, opened):
    WageBase.objects.create(person=staff[0], unit=opened, effective_month=ef.this_month(-1), wage=D("7100"))
    response = agent_client.get(reverse("unit:import_template", kwargs={"code": "wage_declaration"}))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [str(v).lstrip("*") for v in values[0]] == HEADER
    data = {row[0]: row[1:4] for row in values[1:]}
    assert data == {staff[0].id_number: ["张三", 7100, None], staff[1].id_number: ["李四", None, None]}


def test_refusals_per_row_and_accepted_rows_become_one_submission(agent, agent_client, staff_policy, staff, opened,
                                                                  foreign_agent, city_reviewer):
    zhang, li = staff
    ef.open_unit(foreign_agent, city_reviewer)
    stranger = Person.objects.create(id_number=ef.id_number("19800101", seq=77), name="外人")
    job = run(agent, workbook([
        (zhang.id_number, "张三", 6500, 30000, ""),           # 2: accepted, cut to the ceiling
        (li.id_number, "李四", None, 2000, ""),               # 3: accepted, raised to the floor
        (li.id_number, "李四", None, 2100, ""),               # 4: repeated
        (stranger.id_number, "外人", None, 5000, ""),         # 5: not paying here
        (zhang.id_number, "张三", None, "五千", ""),           # 6: not a number (and repeated)
        (zhang.id_number, "王五", None, 5000, ""),            # 7: wrong name (and repeated)
        (ef.id_number("19800101", seq=78), "赵六", None, -1, ""),  # 8: not positive
    ]))
    assert job.status == Job.Status.DONE, job.message
    errors = errors_of(job)
    assert "不是有效的金额" in errors[(6, "本次缴费工资")]
    assert "大于0" in errors[(8, "本次缴费工资")]
    assert "不是本单位参保缴费人员" in errors[(5, "证件号码")]
    assert any(number == 4 for number, _column in errors)
    assert any(number == 7 for number, _column in errors)
    assert not any(number in (2, 3) for number, _column in errors), errors
    submissions = Submission.objects.filter(kind="wage_declaration")
    assert submissions.count() == 1
    submission = submissions.get()
    assert submission.pk == job.result["submission_id"] and submission.state == "draft"
    lines = {line.person_id: line for line in WageLine.objects.filter(submission=submission)}
    assert set(lines) == {zhang.pk, li.pk}
    assert (lines[zhang.pk].base, lines[zhang.pk].clamped) == (D("18000.00"), "ceiling")
    assert (lines[li.pk].base, lines[li.pk].clamped) == (D("3600.00"), "floor")
    assert lines[zhang.pk].effective_month == ef.this_month(1)
    # the draft page of the imported submission shows the priced lines, and submits
    edit = agent_client.get(reverse("unit:submission_edit", kwargs={"pk": submission.pk})).content.decode()
    assert "18,000.00" in edit and "按上限" in edit
    response = agent_client.post(reverse("unit:draft_submit", kwargs={"pk": submission.pk}), follow=True)
    assert "已提交" in response.content.decode()
