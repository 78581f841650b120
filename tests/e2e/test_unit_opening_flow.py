"""单位参保登记 in a real browser: agent saves and submits, reviewer returns it, agent fixes and resubmits,
reviewer takes (受理) and approves through the review page's buttons, agent sees the unit number."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Unit
from tests.factories import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_opening_form(page, bank_name):
    page.fill("input[name=address]", "示范市东城区人民路1号")
    page.fill("input[name=postal_code]", "990001")
    page.fill("input[name=legal_rep]", "李四")
    page.fill("input[name=contact_name]", "王五")
    page.fill("input[name=contact_phone]", "13900000000")
    page.select_option("select[name=economic_type]", "159")
    page.fill("input[name=industry]", "软件和信息技术服务业")
    page.select_option("select[name=injury_class]", "1")
    page.fill("input[name=bank_name]", bank_name)
    page.fill("input[name=bank_account]", "6222020200112233")


def test_unit_opening_with_a_return_and_resubmission(new_page, shoot, agent, district_reviewer):
    agent_page = new_page()
    agent_page.goto("/")
    shoot(agent_page, "home")
    login(agent_page, agent.username, PASSWORD)
    expect(agent_page.locator("h1")).to_have_text("单位网厅")
    shoot(agent_page, "unit-home")

    # Until opened, the menu offers only the opening and its query (plus the task lists).
    menu = agent_page.locator(".portal-sidebar")
    expect(menu.get_by_role("link", name="单位参保登记", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="单位参保登记查询")).to_be_visible()
    menu.get_by_role("link", name="单位参保登记", exact=True).click()
    fill_opening_form(agent_page, "示范银行")
    shoot(agent_page, "unit-opening-form")
    agent_page.get_by_role("button", name="保存并提交").click()
    expect(agent_page.locator(".alert-success")).to_contain_text("已提交")
    number = agent_page.locator(".submission-number").inner_text()

    # The reviewer returns it with a reason.
    admin_page = new_page()
    login_admin(admin_page, district_reviewer.username)
    admin_page.goto("/admin/reviews/submission/")
    shoot(admin_page, "admin-queue")
    admin_page.get_by_role("link", name=number).click()
    expect(admin_page.locator(".submission-state")).to_have_text("待审核")
    # 受理 is its own form: the click takes the item (it used to save a surrounding change form instead).
    admin_page.get_by_role("button", name="受理").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("受理成功")
    expect(admin_page.locator(".submission-state")).to_have_text("审核中")
    expect(admin_page.get_by_role("button", name="受理")).to_have_count(0)
    shoot(admin_page, "admin-review")
    admin_page.fill("textarea[name=reason]", "开户银行请填写全称")
    admin_page.get_by_role("button", name="回退").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("回退成功")

    # The agent sees 回退 and the reason in 待办, edits, resubmits.
    agent_page.goto("/unit/tasks/todo/")
    row = agent_page.locator("tr", has_text=number)
    expect(row).to_contain_text("回退")
    expect(row).to_contain_text("开户银行请填写全称")
    shoot(agent_page, "unit-todo-returned")
    row.get_by_role("link", name="修改").click()
    agent_page.fill("input[name=bank_name]", "示范银行股份有限公司东城支行")
    agent_page.get_by_role("button", name="保存并提交").click()
    expect(agent_page.locator(".alert-success")).to_contain_text("已提交")

    # The reviewer approves.
    admin_page.goto("/admin/reviews/submission/")
    admin_page.get_by_role("link", name=number).click()
    expect(admin_page.locator(".review-card").first).to_contain_text("示范银行股份有限公司东城支行")
    admin_page.get_by_role("button", name="受理").click()
    expect(admin_page.locator(".submission-state")).to_have_text("审核中")
    admin_page.get_by_role("button", name="审核通过").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("审核通过成功")

    # The agent's unit is opened: unit number on the home page, the query shows 已办结 with every step.
    agent_page.goto("/unit/")
    unit = Unit.objects.get(pk=agent.unit_id)
    expect(agent_page.locator("body")).to_contain_text(unit.unit_number)
    agent_page.get_by_role("link", name="单位参保登记查询").click()
    expect(agent_page.locator("tr", has_text=number)).to_contain_text("已办结")
    agent_page.get_by_role("link", name=number).click()
    steps = agent_page.locator(".steps")
    for label in ("提交审批", "受理", "回退", "修改", "审核通过"):
        expect(steps).to_contain_text(label)
    expect(steps).to_contain_text("开户银行请填写全称")
    shoot(agent_page, "unit-submission-detail")
    assert re.fullmatch(r"990101\d{6}", unit.unit_number)


def login_admin(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
