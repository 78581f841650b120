"""单位应收核定 in a real browser: the agent assesses this month for two insured staff, sees the preview amounts,
submits; the reviewer takes (受理) and approves (审核通过) on the admin review page; the agent's 应收查询 shows the
same amounts."""

import re
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from contributions.services.assessment import assessment_preview
from tests.contributions import factories as cf
from tests.enrollment import factories as ef
from tests.factories import PASSWORD

from .conftest import login
from .test_unit_opening_flow import login_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def yuan(value) -> str:
    return f"{D(value).quantize(D('0.01')):,}"


def test_assess_a_month_preview_submit_approve_then_query(new_page, shoot, agent, district_reviewer, city):
    cf.employee_items(cf.policy(city, "200001", average_wage=D("6000")))
    unit = ef.open_unit(agent, district_reviewer)
    ef.enrol(agent, district_reviewer, [ef.join_row(name="陈一", wage="6500.00", start_month=ef.this_month(-1)),
                                        ef.join_row(name="林二", wage="3000.00", start_month=ef.this_month(-1))])
    preview = assessment_preview(unit=unit, fee_month=ef.this_month())

    page = new_page()
    login(page, agent.username, PASSWORD)
    page.locator(".portal-sidebar").get_by_role("link", name="单位应收核定", exact=True).click()
    expect(page.locator("h1")).to_contain_text("单位应收核定")
    expect(page.locator("input[name=fee_month]")).to_have_value(ef.this_month())
    shoot(page, "unit-assessment-form")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    totals = page.locator(".assessment-totals")
    expect(totals).to_contain_text(yuan(preview.unit_total))
    expect(totals).to_contain_text(yuan(preview.personal_total))
    expect(totals).to_contain_text(yuan(preview.total))
    charged = page.locator(".assessment-charged")
    for person in preview.charged:
        expect(charged).to_contain_text(person.name)
        pension = person.breakdown.line("养老保险")
        expect(charged.locator(f'tr[data-person="{person.person_id}"]', has_text="养老保险")).to_contain_text(
            yuan(pension.unit_amount))
    expect(charged).to_contain_text("低于下限,按下限")  # 林二: 3,000 raised to the floor
    shoot(page, "unit-assessment-preview")
    number = page.locator(".submission-number").inner_text()
    page.get_by_role("button", name="提交审批").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交")

    admin = new_page()
    login_admin(admin, district_reviewer.username)
    admin.goto("/admin/reviews/submission/")
    admin.get_by_role("link", name=number).click()
    summary = admin.locator(".review-card").first
    expect(summary).to_contain_text(ef.this_month())
    expect(summary).to_contain_text(yuan(preview.unit_total))
    shoot(admin, "admin-review-assessment")
    admin.get_by_role("button", name="受理").click()
    expect(admin.locator(".messagelist")).to_contain_text("受理成功")
    admin.get_by_role("button", name="审核通过").click()
    expect(admin.locator(".messagelist")).to_contain_text("审核通过成功")

    page.locator(".portal-sidebar").get_by_role("link", name="应收查询").click()
    expect(page.locator("h1")).to_contain_text("应收查询")
    grand = page.locator(".receivables-totals .grand-total")
    expect(grand).to_contain_text(yuan(preview.unit_total))
    expect(grand).to_contain_text(yuan(preview.personal_total))
    expect(grand).to_contain_text(yuan(preview.total))
    rows = page.locator(".receivables-table tbody tr")
    expect(rows).to_have_count(10)
    lin = next(p for p in preview.charged if p.name == "林二")
    line = lin.breakdown.line("养老保险")
    expect(page.locator(".receivables-table tr", has_text="林二").filter(has_text="养老保险")).to_contain_text(
        re.compile(rf"{re.escape(yuan(line.base))}.*{re.escape(yuan(line.unit_amount))}.*"
                   rf"{re.escape(yuan(line.personal_amount))}"))
    shoot(page, "unit-receivables")
