"""单位应收核定 foundations: preview (charged and excluded), run (receivables per person × item), idempotence,
paid lines left alone, the non-declaration rule, queries independent of staff count."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Person
from contributions.models import Receivable, UndeclaredRule, WageBase
from contributions.services.assessment import assessment_preview, assessment_run, fee_month_validate
from contributions.services.compute import contribution_compute
from enrollment.models import Membership
from tests.enrollment import factories as ef

from . import factories as f

pytestmark = pytest.mark.django_db


def month() -> int:
    return int(ef.this_month())


def lines_of(unit, fee_month):
    return {(r.person.name, r.item.name): (r.base, r.unit_amount, r.personal_amount, r.status)
            for r in Receivable.objects.filter(unit=unit, fee_month=fee_month).select_related("person", "item")}


def test_run_writes_one_line_per_person_and_item_as_computed(staff_policy, staff, opened, district):
    run = assessment_run(unit=opened, fee_month=month())
    lines = lines_of(opened, month())
    assert len(lines) == 10 and run.lines == 10 and run.persons == 2
    for person, wage in ((staff[0], D("6500")), (staff[1], D("3000"))):
        expected = contribution_compute(region=district, month=month(), category="employee", wage=wage,
                                        injury_class=1)
        for line in expected.lines:
            assert lines[(person.name, line.name)] == (line.base, line.unit_amount, line.personal_amount, "unpaid")
    assert lines[("李四", "养老保险")][:3] == (D("3600.00"), D("576.00"), D("288.00"))  # raised to the floor
    assert run.unit_total + run.personal_total == sum(v[1] + v[2] for v in lines.values())


def test_running_again_replaces_unpaid_never_doubles_and_keeps_paid(staff_policy, staff, opened):
    assessment_run(unit=opened, fee_month=month())
    paid = Receivable.objects.get(person=staff[0], fee_month=month(), item__name="养老保险")
    paid.status = "paid"
    paid.save()
    WageBase.objects.create(person=staff[0], unit=opened, effective_month=str(month()), wage=D("10000"))
    assessment_run(unit=opened, fee_month=month())
    assessment_run(unit=opened, fee_month=month())
    lines = lines_of(opened, month())
    assert Receivable.objects.filter(unit=opened, fee_month=month()).count() == 10
    assert lines[("张三", "养老保险")] == (D("6500.00"), D("1040.00"), D("520.00"), "paid")  # untouched
    assert lines[("张三", "医疗保险")][:3] == (D("10000.00"), D("800.00"), D("200.00"))  # new base
    assert Receivable.objects.get(pk=paid.pk).run_id == paid.run_id


def test_other_months_and_units_are_not_touched(staff_policy, staff, opened):
    assessment_run(unit=opened, fee_month=int(ef.this_month(-1)))
    assessment_run(unit=opened, fee_month=month())
    assessment_run(unit=opened, fee_month=month())
    assert Receivable.objects.filter(fee_month=int(ef.this_month(-1))).count() == 10


def test_preview_lists_excluded_persons_and_why(staff_policy, staff, opened, agent, district_reviewer):
    rows = [ef.join_row(name="王五", start_month=ef.this_month(-2)),
            ef.join_row(name="赵六", start_month=ef.this_month(-2))]
    ef.enrol(agent, district_reviewer, rows)
    wangwu, zhaoliu = Person.objects.get(name="王五"), Person.objects.get(name="赵六")
    ef.stop(agent, district_reviewer, [staff[1]], month=ef.this_month())
    Membership.objects.filter(person=wangwu).update(start_month=ef.this_month(1))
    Membership.objects.filter(person=zhaoliu).update(wage=None)
    preview = assessment_preview(unit=opened, fee_month=month())
    assert [c.name for c in preview.charged] == ["张三"]
    assert {e.name: e.reason_label for e in preview.excluded} == {
        "李四": "已停保", "王五": "尚未开始参保", "赵六": "没有缴费基数"}
    # the month before the stop, 李四 was still paying
    assert {c.name for c in assessment_preview(unit=opened, fee_month=ef.this_month(-1)).charged} == {"李四", "张三"}


def test_unit_that_did_not_declare_is_billed_by_the_policy_rule(city, staff, opened):
    earlier = f.policy(city, "200001", average_wage=D("6000"))
    f.employee_items(earlier)
    current = f.policy(city, ef.this_month(), average_wage=D("6000"), undeclared_rule=UndeclaredRule.PERCENT,
                       undeclared_percent=D("110"))
    f.employee_items(current)
    WageBase.objects.create(person=staff[0], unit=opened, effective_month=ef.this_month(), wage=D("7000"))
    preview = assessment_preview(unit=opened, fee_month=month())
    by_name = {c.name: c for c in preview.charged}
    assert (by_name["张三"].wage, by_name["张三"].undeclared) == (D("7000"), False)  # declared this period
    assert (by_name["李四"].wage, by_name["李四"].undeclared) == (D("3300.00"), True)  # 110 % of 3,000
    current.undeclared_rule = UndeclaredRule.LAST_BASE
    current.save()
    assert {c.name: c.wage for c in assessment_preview(unit=opened, fee_month=month()).charged}["李四"] == D("3000")


def test_fee_month_validation(staff_policy, opened):
    with pytest.raises(Exception, match="晚于当前月份"):
        fee_month_validate(unit=opened, value=ef.this_month(1))
    with pytest.raises(Exception, match="早于单位参保年月"):
        fee_month_validate(unit=opened, value="199901")
    with pytest.raises(Exception, match="格式不正确"):
        fee_month_validate(unit=opened, value="2024x")
    assert fee_month_validate(unit=opened, value=ef.this_month()) == month()


def _add_staff(unit, count, start):
    template = Membership.objects.filter(unit=unit).first()
    persons = Person.objects.bulk_create(
        [Person(id_number=f"T{unit.pk:04d}{i:08d}", name=f"员工{i}") for i in range(count)])
    Membership.objects.bulk_create([
        Membership(person=p, unit=unit, insurance_type=t, start_month=start, wage=D("5000") + i,
                   last_action="enrol", last_submission_id=template.last_submission_id)
        for i, p in enumerate(persons) for t in ("110", "210", "310", "410", "510")])


def test_assessment_queries_do_not_grow_with_staff(staff_policy, staff, opened):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assessment_run(unit=opened, fee_month=month())
        # SQLite caps the parameters of one INSERT, so bulk_create batches there; PostgreSQL uses one COPY
        return len([q for q in ctx.captured_queries
                    if not q["sql"].startswith('INSERT INTO "contributions_receivable"')])

    queries()  # the first run of a month also creates its partition on PostgreSQL
    small = queries()
    _add_staff(opened, 40, ef.this_month(-2))
    assert queries() == small
    assert Receivable.objects.filter(unit=opened, fee_month=month()).count() == 42 * 5
