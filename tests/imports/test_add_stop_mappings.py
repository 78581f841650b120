"""The mappings of 批量增员 (staff_add) and 批量减员 (staff_stop) in enrollment/imports.py on the engine: templates
with their dropdowns, the hall's own rules per row and in sets, the person checked against the registry (姓名
included), one submission of the kind per batch with its lines written in bulk, and approval's effect."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Person
from enrollment.models import ChangeAction, JoinLine, KindCode, Membership, StopLine
from reviews.imports.services import import_run, import_start
from reviews.imports.spec import get_import
from reviews.models import AutoApprovalRule, State, Submission
from siportal.core.codes import PaymentStatus
from siportal.core.models import Job
from tests.enrollment import factories as ef

pytestmark = pytest.mark.django_db
ALL = ["110", "210", "310", "410", "510"]
ADD_HEADER = ["证件类型", "证件号码", "姓名", "用工形式", "参加工作日期", "缴费工资", "参保险种", "参保年月"]
STOP_HEADER = ["证件类型", "证件号码", "姓名", "减员原因", "停保年月", "停保险种"]
FIRST = 3  # a title row, the header, then the data from row 3


# ---------------------------------------------------------------- helpers of this file (no browser)


def ident(seq: int) -> str:
    return ef.id_number("19850301", seq=seq)


def workbook(header, rows, title="2026年人员名单") -> bytes:
    """An .xlsx as an agent fills it: a title row above the header, then one row per dict (keys = labels)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(header)
    for values in rows:
        sheet.append([values.get(h, "") for h in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def add_row(seq, name, **changes) -> dict:
    values = {"证件类型": "01|居民身份证", "证件号码": ident(seq), "姓名": name, "用工形式": "1|劳动合同制",
              "参加工作日期": "2010-07-01", "缴费工资": 8000, "参保险种": "", "参保年月": ef.this_month()}
    values.update(changes)
    return values


def stop_row(seq, name, **changes) -> dict:
    values = {"证件类型": "01|居民身份证", "证件号码": ident(seq), "姓名": name, "减员原因": "28|辞职",
              "停保年月": ef.this_month(), "停保险种": ""}
    values.update(changes)
    return values


def run(code, agent, content, submit=False) -> Job:
    """Upload as ``agent`` and run the job in this process (no worker); the finished job."""
    job = import_start(spec=get_import(code), by=agent, unit=agent.unit,
                       uploaded=SimpleUploadedFile("名单.xlsx", content), submit=submit)
    import_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def errors_of(job) -> dict:
    """(row number, column label) → its reasons, one a line (a row may have several per column)."""
    errors: dict = {}
    for number, column, message in job.result["errors"]:
        errors[(number, column)] = "\n".join(filter(None, [errors.get((number, column)), message]))
    return errors


def registered(seq, name) -> Person:
    """A person of the registry with no membership anywhere."""
    return Person.objects.create(id_number=ident(seq), name=name)


def enrolled(agent, reviewer, seq, name, start=-2) -> Person:
    """A person enrolled through the real workflow in the agent's unit, paying every type from ``start``."""
    row = ef.join_row(id_number=ident(seq), name=name, start_month=ef.this_month(start))
    ef.enrol(agent, reviewer, [row])
    return Person.objects.get(id_number=row["id_number"])


def template_of(client, code):
    response = client.get(reverse("unit:import_template", kwargs={"code": code}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    dropdowns = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    return book, [c.value for c in sheet[1]], dropdowns


@pytest.fixture
def opened(agent, district_reviewer):
    return ef.open_unit(agent, district_reviewer)


@pytest.fixture
def foreign_opened(foreign_agent, city_reviewer):
    return ef.open_unit(foreign_agent, city_reviewer)


# ---------------------------------------------------------------- templates


def test_both_mappings_are_registered_for_their_kinds():
    assert get_import(KindCode.STAFF_ADD).kind == KindCode.STAFF_ADD
    assert get_import(KindCode.STAFF_STOP).kind == KindCode.STAFF_STOP
    assert get_import(KindCode.STAFF_ENROL).kind == KindCode.STAFF_ENROL  # the first mapping still there


def test_the_add_template_has_its_headers_and_dropdowns(agent_client, opened):
    book, header, dropdowns = template_of(agent_client, KindCode.STAFF_ADD)
    assert book.sheetnames[0] == "增员人员"
    assert header == ["*证件类型", "*证件号码", "*姓名", "*用工形式", "参加工作日期", "*缴费工资", "参保险种", "*参保年月"]
    assert dropdowns["A2"].startswith('"01|居民身份证,02|军官证')
    assert dropdowns["D2"] == '"1|劳动合同制,2|劳务派遣,3|非全日制用工,4|固定工,5|临时工,9|其他"'
    assert set(dropdowns) == {"A2", "D2"}
    text = "\n".join(str(c.value) for row in book["填写说明"].iter_rows() for c in row if c.value)
    assert "批量职工新参保登记" in text and "姓名须与人员库登记的一致" in text


def test_the_stop_template_has_its_headers_and_the_reason_dropdown(agent_client, opened):
    book, header, dropdowns = template_of(agent_client, KindCode.STAFF_STOP)
    assert book.sheetnames[0] == "减员人员"
    assert header == ["*证件类型", "*证件号码", "*姓名", "*减员原因", "*停保年月", "停保险种"]
    assert dropdowns["D2"] == '"21|解除劳动合同,22|参军,28|辞职,29|辞退,31|退休,32|死亡,99|其他"'
    assert set(dropdowns) == {"A2", "D2"}
    for letter in ("B", "E", "F"):
        assert book.worksheets[0].column_dimensions[letter].number_format == "@"


def test_a_unit_not_opened_gets_no_template(agent_client):
    for code in (KindCode.STAFF_ADD, KindCode.STAFF_STOP):
        assert agent_client.get(reverse("unit:import_template", kwargs={"code": code})).status_code == 404


# ---------------------------------------------------------------- 批量增员


@pytest.fixture
def add_people(opened, agent, district_reviewer, foreign_opened, foreign_agent, city_reviewer):
    """张三 paying here; 李四 suspended here; 赵六 paying at 外单位有限公司; 王五, 钱七, 孙八, 周九 registered only."""
    enrolled(agent, district_reviewer, 1, "张三")
    lisi = enrolled(agent, district_reviewer, 2, "李四")
    ef.stop(agent, district_reviewer, [lisi])
    enrolled(foreign_agent, city_reviewer, 4, "赵六")
    for seq, name in ((3, "王五"), (5, "钱七"), (6, "孙八"), (7, "周九")):
        registered(seq, name)


@pytest.fixture
def add_job(add_people, agent):
    rows = [
        add_row(3, "王五"),                                                     # 3 accepted: every type of the unit
        add_row(5, "钱七", 参保险种="110,310", 缴费工资="7,000.50", 参加工作日期=""),  # 4 accepted
        add_row(9, "陌生人"),                                                   # 5 not in the registry
        add_row(6, "孙九"),                                                     # 6 not the registered name
        add_row(1, "张三"),                                                     # 7 paying here already
        add_row(2, "李四"),                                                     # 8 suspended here: 续保
        add_row(4, "赵六"),                                                     # 9 paying elsewhere
        add_row(7, "周九", 用工形式="8|外包"),                                     # 10 not in the code list
        add_row(7, "周九", 参保年月="199001"),                                     # 11 too early (not a repeat:
        add_row(3, "王五"),                                                     # 12 repeat of row 3   refused)
        add_row(7, " 周 九 "),                                                  # 13 accepted: spaces ignored
    ]
    job = run(KindCode.STAFF_ADD, agent, workbook(ADD_HEADER, rows))
    assert job.status == Job.Status.DONE, job.message
    return job


def test_add_rows_are_checked_against_the_registry_and_the_hall_rules(add_job):
    assert (add_job.accepted, add_job.refused) == (3, 8)
    errors = errors_of(add_job)
    # An unknown ID and a name that does not match get the same answer: neither the ID's existence nor the
    # registered name is revealed.
    assert errors[(5, "证件号码")] == errors[(6, "证件号码")] == (
        "证件号码与姓名不一致,或人员库中没有该人员,请核对证件类型、证件号码和姓名。首次参保的职工请使用批量新参保登记。")
    assert (6, "姓名") not in errors and "孙八" not in str(add_job.result["errors"])
    assert "该人员已在本单位参加企业职工基本养老保险缴费" in errors[(7, "参保险种")]
    assert "暂停缴费,请办理“续保”" in errors[(8, "参保险种")]
    assert "该人员正在外单***公司参加企业职工基本养老保险缴费" in errors[(9, "参保险种")]
    assert "外单位有限公司" not in str(add_job.result["errors"])
    assert "“8|外包”不在可选范围内" in errors[(10, "用工形式")]
    assert "早于" in errors[(11, "参保年月")]
    assert errors[(12, "证件号码")] == "证件类型+证件号码与第3行重复"
    assert add_job.output  # the refused rows, to fix and upload again


def test_add_rows_past_the_retirement_age_are_refused_pension(opened, agent):
    number = ef.id_number("19580301", seq=11)  # a man, 60 in 2018-03
    Person.objects.create(id_number=number, name="老王", sex="1", birth_date=date(1958, 3, 1))
    rows = [add_row(0, "老王", 证件号码=number), add_row(0, "老王", 证件号码=number, 参保险种="310,410")]
    job = run(KindCode.STAFF_ADD, agent, workbook(ADD_HEADER, rows[:1]))
    assert job.refused == 1
    assert errors_of(job)[(FIRST, "参保险种")] == ("该人员已达法定退休年龄(男60周岁,2018年03月达到),"
                                                 "不能参加企业职工基本养老保险。")
    assert run(KindCode.STAFF_ADD, agent, workbook(ADD_HEADER, rows[1:])).accepted == 1


def test_accepted_add_rows_become_one_staff_add_submission(add_job, agent):
    submission = Submission.objects.get(pk=add_job.result["submission_id"])
    assert submission.kind == KindCode.STAFF_ADD and submission.state == State.DRAFT
    assert submission.unit == agent.unit
    assert Submission.objects.filter(kind=KindCode.STAFF_ADD).count() == 1
    lines = list(JoinLine.objects.filter(submission=submission).order_by("id"))
    assert [(line.person.name, line.name) for line in lines] == [("王五", "王五"), ("钱七", "钱七"), ("周九", "周九")]
    wang, qian, zhou = lines
    assert wang.insurance_types == ALL and wang.wage == 8000 and str(wang.work_start_date) == "2010-07-01"
    assert qian.insurance_types == ["110", "310"] and str(qian.wage) == "7000.50" and qian.work_start_date is None
    assert zhou.name == "周九"  # the registry's name, not the cell's " 周 九 "
    assert wang.employment_form == "1" and wang.start_month == ef.this_month()


def test_approving_the_imported_add_opens_the_memberships(add_job, agent, district_reviewer):
    submission = Submission.objects.get(pk=add_job.result["submission_id"])
    ef.approve(submission, agent, district_reviewer)
    new = Membership.objects.filter(unit=agent.unit, last_submission=submission)
    assert new.count() == 5 + 2 + 5
    assert set(new.values_list("status", flat=True)) == {PaymentStatus.PAYING}
    assert set(new.values_list("last_action", flat=True)) == {ChangeAction.ADD}
    assert ef.statuses(Person.objects.get(name="钱七"), agent.unit) == {"110": "1", "310": "1"}


def test_a_vip_unit_submits_the_imported_add_and_it_is_approved_at_once(add_people, agent):
    agent.unit.is_vip = True
    agent.unit.save()
    AutoApprovalRule.objects.create(unit=agent.unit, kinds=[KindCode.STAFF_ADD])
    job = run(KindCode.STAFF_ADD, agent, workbook(ADD_HEADER, [add_row(3, "王五")]), submit=True)
    assert job.result["submitted_state"] == State.DONE
    assert ef.statuses(Person.objects.get(name="王五"), agent.unit) == dict.fromkeys(ALL, "1")


# ---------------------------------------------------------------- 批量减员


@pytest.fixture
def stop_people(opened, agent, district_reviewer, foreign_opened, foreign_agent, city_reviewer):
    """Paying here: 张三, 李四, 周九, 孙八, and 钱七 (from this month); 吴十 suspended here; 王五 registered only;
    赵六 paying at 外单位有限公司."""
    for seq, name in ((1, "张三"), (2, "李四"), (7, "周九"), (6, "孙八")):
        enrolled(agent, district_reviewer, seq, name)
    enrolled(agent, district_reviewer, 5, "钱七", start=0)
    wu = enrolled(agent, district_reviewer, 8, "吴十")
    ef.stop(agent, district_reviewer, [wu], month=ef.this_month(-1))
    registered(3, "王五")
    enrolled(foreign_agent, city_reviewer, 4, "赵六")


@pytest.fixture
def stop_job(stop_people, agent):
    rows = [
        stop_row(1, "张三"),                                             # 3 accepted: 辞职, every paying type
        stop_row(2, "李四", 减员原因="31|退休", 停保险种="110,310"),          # 4 accepted: two types terminated
        stop_row(8, "吴十", 减员原因="退休"),                                # 5 accepted: a suspended one terminates
        stop_row(9, "陌生人"),                                           # 6 not in the registry
        stop_row(3, "王五"),                                             # 7 nothing paid here
        stop_row(4, "赵六"),                                             # 8 paying elsewhere only
        stop_row(7, "周八"),                                             # 9 not the registered name
        stop_row(6, "孙八", 减员原因="88|下岗"),                              # 10 not in the code list
        stop_row(5, "钱七", 停保年月=ef.this_month(-1)),                      # 11 before the start month
        stop_row(6, "孙八", 停保年月="199001"),                              # 12 too early
        stop_row(1, "张三", 减员原因="29|辞退"),                              # 13 repeat of row 3
    ]
    job = run(KindCode.STAFF_STOP, agent, workbook(STOP_HEADER, rows))
    assert job.status == Job.Status.DONE, job.message
    return job


def test_stop_rows_need_a_paying_membership_in_this_unit(stop_job):
    assert (stop_job.accepted, stop_job.refused) == (3, 8)
    errors = errors_of(stop_job)
    assert errors[(6, "证件号码")] == errors[(9, "证件号码")] == "证件号码与姓名不一致,或人员库中没有该人员,请核对证件类型、证件号码和姓名。"
    assert errors[(7, "证件号码")] == "该人员在本单位没有可停保的参保缴费险种。"
    assert errors[(8, "证件号码")] == "该人员在本单位没有可停保的参保缴费险种。"
    assert "“88|下岗”不在可选范围内" in errors[(10, "减员原因")]
    assert "停保年月不能早于参保年月" in errors[(11, "停保年月")]
    assert "早于" in errors[(12, "停保年月")] and "最多可补办前3个月" in errors[(12, "停保年月")]
    assert errors[(13, "证件号码")] == "证件类型+证件号码与第3行重复"


def test_accepted_stop_rows_become_one_staff_stop_submission(stop_job, agent):
    submission = Submission.objects.get(pk=stop_job.result["submission_id"])
    assert submission.kind == KindCode.STAFF_STOP and submission.state == State.DRAFT
    assert Submission.objects.filter(kind=KindCode.STAFF_STOP, client_token__startswith="import:").count() == 1
    lines = {line.person.name: line for line in StopLine.objects.filter(submission=submission)}
    assert sorted(lines) == ["吴十", "张三", "李四"]
    assert (lines["张三"].reason, lines["张三"].insurance_types) == ("28", ALL)  # empty: every type paid here
    assert (lines["李四"].reason, lines["李四"].insurance_types) == ("31", ["110", "310"])
    assert (lines["吴十"].reason, lines["吴十"].insurance_types) == ("31", ALL)  # suspended ones, terminated
    assert {line.stop_month for line in lines.values()} == {ef.this_month()}


def test_approving_the_imported_stop_suspends_or_terminates_by_reason(stop_job, agent, district_reviewer):
    submission = Submission.objects.get(pk=stop_job.result["submission_id"])
    ef.approve(submission, agent, district_reviewer)
    zhang, li, wu = (Person.objects.get(name=n) for n in ("张三", "李四", "吴十"))
    assert ef.statuses(zhang, agent.unit) == dict.fromkeys(ALL, PaymentStatus.SUSPENDED)
    assert ef.statuses(li, agent.unit) == {"110": "3", "210": "1", "310": "3", "410": "1", "510": "1"}
    assert ef.statuses(wu, agent.unit) == dict.fromkeys(ALL, PaymentStatus.TERMINATED)
    zhang_pension = Membership.objects.get(person=zhang, unit=agent.unit, insurance_type="110")
    assert (zhang_pension.reason, zhang_pension.stop_month) == ("28", ef.this_month())
    wu_pension = Membership.objects.get(person=wu, unit=agent.unit, insurance_type="110")
    assert wu_pension.stop_month == ef.this_month(-1)  # the earlier suspension's month is kept


def test_a_file_with_only_refused_rows_makes_no_submission(stop_people, agent):
    job = run(KindCode.STAFF_STOP, agent, workbook(STOP_HEADER, [stop_row(3, "王五")]))
    assert (job.accepted, job.refused) == (0, 1)
    assert job.result["submission_id"] is None
    assert not Submission.objects.filter(kind=KindCode.STAFF_STOP, client_token__startswith="import:").exists()
