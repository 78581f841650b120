"""Under the Content-Security-Policy the hall and the admin work in Chromium: no violation is reported, and the
approve button of the admin review page still asks for confirmation (a data-confirm handled by
static/js/admin-actions.js, no inline handler)."""

import re

import pytest
from playwright.sync_api import expect

from reviews.models import State
from reviews.services import submission_transition
from tests.factories import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, violations, dialogs):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    return page


def test_admin_review_confirms_approval_and_nothing_breaks_the_policy(browser, live_server, agent,
                                                                      district_reviewer, opening_submission):
    submission = submission_transition(submission_id=opening_submission.pk, action="submit", by=agent)
    violations, dialogs = [], []

    hall = _page(browser, live_server, violations, dialogs)
    login(hall, agent.username, PASSWORD)
    hall.goto("/unit/tasks/")
    expect(hall.locator("main")).to_contain_text(submission.number)

    admin = _page(browser, live_server, violations, dialogs)
    admin.goto("/admin/login/")
    admin.fill("input[name=username]", district_reviewer.username)
    admin.fill("input[name=password]", PASSWORD)
    admin.click("input[type=submit]")
    admin.goto("/admin/reviews/submission/")
    admin.get_by_role("link", name=submission.number).click()
    admin.wait_for_url(re.compile(rf"/submission/{submission.pk}/"))  # loaded: the deferred script is in place
    admin.get_by_role("button", name="审核通过").click()
    assert dialogs == ["确认审核通过并办结该业务?"]
    admin.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.state == State.SUBMITTED  # dismissed: nothing was sent
    assert violations == []


def test_every_admin_list_and_add_page_runs_under_the_policy(browser, live_server, opening_submission):
    """The admin's own scripts (date widgets, related-object popups, the permission selector…) are static files:
    nothing on any changelist or add page is refused by the policy."""
    from django.contrib import admin as django_admin
    from django.urls import reverse

    from tests import factories

    factories.user(is_staff=True, is_superuser=True, username="root")
    violations, dialogs = [], []
    page = _page(browser, live_server, violations, dialogs)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    visited = 0
    for model in django_admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for url in (reverse(f"{info}_changelist"), reverse(f"{info}_add")):
            page.goto(url)
            page.wait_for_load_state("load")
            visited += 1
    assert visited > 10
    assert violations == []



def test_every_hall_page_without_parameters_runs_under_the_policy(browser, live_server, agent, opening_submission):
    from django.urls import reverse

    from tests.security.test_crafted_parameters import hall_routes

    violations, dialogs = [], []
    page = _page(browser, live_server, violations, dialogs)
    login(page, agent.username, PASSWORD)
    visited = 0
    for namespace, name, route in hall_routes():
        if namespace != "unit" or "<" in route or route.endswith((".pdf", "template/")):
            continue
        page.goto(reverse(f"unit:{name}"))
        page.wait_for_load_state("load")
        visited += 1
    assert visited > 5
    assert violations == []
