"""缴费基数申报 in a real browser: the agent declares two wages for this month (one below the floor), sees the
clamped base and the monthly cost change, submits; the reviewer takes (受理) and approves (审核通过); the agent then
assesses the month (单位应收核定), the reviewer approves, and 应收查询 shows the amounts of the new bases."""

from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from accounts.models import Person
from contributions.models import WageBase
from contributions.services.assessment import assessment_preview
from tests.contributions import factories as cf
from tests.enrollment import factories as ef
from tests.factories import PASSWORD

from .conftest import login
from .test_unit_opening_flow import login_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def yuan(value) -> str:
    return f"{D(value).quantize(D('0.01')):,}"


def approve_latest(new_page, reviewer, number):
    admin = new_page()
    login_admin(admin, reviewer.username)
    admin.goto("/admin/reviews/submission/")
    admin.get_by_role("link", name=number).click()
    admin.get_by_role("button", name="受理").click()
    expect(admin.locator(".messagelist")).to_contain_text("受理成功")
    admin.get_by_role("button", name="审核通过").click()
    expect(admin.locator(".messagelist")).to_contain_text("审核通过成功")
    return admin


def test_declare_wages_then_assess_the_month(new_page, shoot, agent, district_reviewer, city):
    policy = cf.policy(city, "200001", average_wage=D("6000"), declare_from_day=1, declare_to_day=31)
    cf.employee_items(policy)
    unit = ef.open_unit(agent, district_reviewer)
    ef.enrol(agent, district_reviewer, [ef.join_row(name="陈一", wage="6500.00", start_month=ef.this_month(-1)),
                                        ef.join_row(name="林二", wage="3000.00", start_month=ef.this_month(-1))])
    chen, lin = Person.objects.get(name="陈一"), Person.objects.get(name="林二")
    month = ef.this_month()

    page = new_page()
    login(page, agent.username, PASSWORD)
    page.locator(".portal-sidebar").get_by_role("link", name="缴费基数申报", exact=True).click()
    expect(page.locator("h1")).to_contain_text("缴费基数申报")
    page.locator("input[name=effective_month]").fill(month)
    page.locator(f"input[name=wage_{chen.pk}]").fill("2500")
    page.locator(f"input[name=wage_{lin.pk}]").fill("8000")
    shoot(page, "wage-declaration-form")
    page.get_by_role("button", name="保存申报").click()
    expect(page.locator(".alert-success")).to_contain_text("已申报2人")
    chen_row = page.locator(f'.wage-lines tr[data-person="{chen.pk}"]')
    expect(chen_row.locator(".base")).to_contain_text("3,600.00")
    expect(chen_row.locator(".base")).to_contain_text("按下限")
    lin_row = page.locator(f'.wage-lines tr[data-person="{lin.pk}"]')
    expect(lin_row.locator(".base")).to_contain_text("8,000.00")
    # 林二 was billed at the floor 3,600 (3,000 enrolled): +4,400 of base → pension alone +704.00 for the unit
    expect(lin_row.locator(".unit-change")).not_to_have_text("0.00")
    expect(page.locator(".wage-totals .total-base")).to_contain_text("11,600.00")
    shoot(page, "wage-declaration-draft")
    number = page.locator(".submission-number").inner_text()
    page.get_by_role("button", name="提交审批").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交")

    approve_latest(new_page, district_reviewer, number)
    assert {b.person_id: b.wage for b in WageBase.objects.filter(unit=unit)} == {chen.pk: D("2500.00"),
                                                                                 lin.pk: D("8000.00")}

    page.locator(".portal-sidebar").get_by_role("link", name="单位应收核定", exact=True).click()
    page.locator("input[name=fee_month]").fill(month)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    number = page.locator(".submission-number").inner_text()
    page.get_by_role("button", name="提交审批").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交")
    approve_latest(new_page, district_reviewer, number)

    preview = assessment_preview(unit=unit, fee_month=month)
    assert {c.person_id: c.wage for c in preview.charged} == {chen.pk: D("2500.00"), lin.pk: D("8000.00")}
    page.locator(".portal-sidebar").get_by_role("link", name="应收查询").click()
    grand = page.locator(".receivables-totals .grand-total")
    expect(grand).to_contain_text(yuan(preview.unit_total))
    expect(grand).to_contain_text(yuan(preview.personal_total))
    pension = next(c for c in preview.charged if c.person_id == lin.pk).breakdown.line("养老保险")
    expect(page.locator(".receivables-table tr", has_text="林二").filter(has_text="养老保险")).to_contain_text(
        yuan(pension.unit_amount))
    shoot(page, "wage-declaration-receivables")
