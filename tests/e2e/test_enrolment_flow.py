"""职工新参保登记 in a real browser: the agent enters two persons on one draft and submits once, the reviewer
approves in the admin, both appear in the unit's 参保人员 list (masked) and on their audited detail page."""

import pytest
from playwright.sync_api import expect

from tests.enrollment import factories as ef
from tests.factories import PASSWORD

from .conftest import login
from .test_unit_opening_flow import login_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONS = [("陈一", ef.id_number(birth="19880412", seq=11)), ("林二", ef.id_number(birth="19920908", seq=22))]


def add_person(page, name, number):
    page.fill("input[name=id_number]", number)
    page.fill("input[name=name]", name)
    page.select_option("select[name=hukou_type]", "11")
    page.fill("input[name=work_start_date]", "2012-07-01")
    page.fill("input[name=wage]", "6800")
    page.get_by_role("button", name="添加到名单").click()
    expect(page.locator(".alert-success")).to_contain_text(f"已添加{name}")


def test_new_enrolment_of_two_persons_then_approval(new_page, shoot, agent, district_reviewer):
    ef.open_unit(agent, district_reviewer)
    page = new_page()
    login(page, agent.username, PASSWORD)
    page.locator(".portal-sidebar").get_by_role("link", name="职工新参保登记").click()
    expect(page.locator("h1")).to_contain_text("职工新参保登记")
    for name, number in PERSONS:
        add_person(page, name, number)
    rows = page.locator(".lines-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("男")  # sex from the ID number
    expect(rows.nth(1)).to_contain_text("1992-09-08")  # birth date from the ID number
    expect(page.locator(".lines-table")).not_to_contain_text(PERSONS[0][1])  # masked
    shoot(page, "staff-enrol-draft")
    number = page.locator(".submission-number").inner_text()
    page.get_by_role("button", name="提交审批").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交")

    admin = new_page()
    login_admin(admin, district_reviewer.username)
    admin.goto("/admin/reviews/submission/")
    admin.get_by_role("link", name=number).click()
    summary = admin.locator(".review-card").first
    for name, _number in PERSONS:
        expect(summary).to_contain_text(name)
    expect(summary).to_contain_text("共 2 人")
    shoot(admin, "admin-review-enrolment")
    admin.get_by_role("button", name="审核通过").click()
    expect(admin.locator(".messagelist")).to_contain_text("审核通过成功")

    page.goto("/unit/members/")
    table = page.locator(".members-table")
    for name, id_number in PERSONS:
        row = table.locator("tr", has_text=name)
        expect(row).to_contain_text(f"{id_number[:6]}********{id_number[-4:]}")
        expect(row.locator(".badge", has_text="参保缴费")).to_have_count(5)
    shoot(page, "unit-members")
    table.get_by_role("link", name=PERSONS[0][0]).first.click()
    expect(page.locator(".person-full")).to_contain_text(PERSONS[0][1])
    expect(page.locator(".history-table")).to_contain_text(number)


def test_the_draft_page_works_on_a_phone(new_page, agent, district_reviewer):
    ef.open_unit(agent, district_reviewer)
    page = new_page(viewport={"width": 390, "height": 844})
    login(page, agent.username, PASSWORD)
    page.goto("/unit/staff/enrol/")
    add_person(page, *PERSONS[0])
    expect(page.get_by_role("button", name="提交审批")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # nothing forces sideways scrolling of the page itself
