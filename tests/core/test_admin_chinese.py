"""What centre staff read in the admin is Chinese (issue 9.11): the index (its hidden table headers too) and the
django-axes login-lockout pages, lists and object pages."""

import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

from tests import factories

#: Latin words that are names (key names, formats, protocols), not English prose.
ALLOWED = {"HTTP", "Accept", "GET", "POST", "SHA", "IP", "ID", "VIP", "PDF", "JPG", "PNG", "Excel", "Mozilla", "Chrome",
           "Django", "Control", "Command", "Mac", "unknown"}  # "unknown": the value axes records for a missing user agent


class _Text(HTMLParser):
    """Every text node and every label-like attribute, outside <script> and <style>."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder") and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = _Text()
    parser.feed(html)
    text = " ".join(parser.parts)
    # a word followed by "*" is the shown part of a masked value (a password's salt: "edadcd******"), not text
    return {w for w in re.findall(r"(?<![A-Za-z0-9_])[A-Za-z]{3,}(?![A-Za-z0-9_*])", text) if w not in ALLOWED}


@pytest.fixture
def superuser_client(client, db):
    client.force_login(factories.user(kind="staff", is_staff=True, is_superuser=True, username="中心管理员"))
    return client


@pytest.fixture
def lockout_rows(db):
    attempt = AccessAttempt.objects.create(user_agent="Mozilla", ip_address="10.0.0.1", username="经办人甲",
                                           http_accept="*/*", path_info="/登录/", get_data="",
                                           post_data="", failures_since_start=3)
    failure = AccessFailureLog.objects.create(user_agent="Mozilla", ip_address="10.0.0.1", username="经办人甲",
                                              http_accept="*/*", path_info="/登录/", locked_out=False)
    log = AccessLog.objects.create(user_agent="Mozilla", ip_address="10.0.0.1", username="经办人甲",
                                   http_accept="*/*", path_info="/登录/")
    return {"accessattempt": attempt, "accessfailurelog": failure, "accesslog": log}


def test_admin_index_is_chinese_including_hidden_headers(superuser_client, lockout_rows):
    page = superuser_client.get(reverse("admin:index")).content.decode()
    assert "登录尝试" in page and "登录失败记录" in page
    assert english_words(page) == set()


@pytest.mark.parametrize("model", ["accessattempt", "accessfailurelog", "accesslog"])
def test_login_lockout_pages_are_chinese(superuser_client, lockout_rows, model):
    for url in (reverse(f"admin:axes_{model}_changelist"),
                reverse(f"admin:axes_{model}_change", args=[lockout_rows[model].pk])):
        response = superuser_client.get(url)
        assert response.status_code == 200
        assert english_words(response.content.decode()) == set(), url


def test_every_admin_list_and_object_page_is_chinese(superuser_client, lockout_rows, agent):
    from django.contrib import admin

    from reviews.services import submission_create

    submission_create(kind="unit_opening", by=agent, unit=agent.unit)
    for model in admin.site._registry:
        opts = model._meta
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
        for url in urls:
            words = english_words(superuser_client.get(url).content.decode())
            assert words == set(), (url, words)


def test_a_reviewers_queue_and_review_page_are_chinese(client, district_reviewer, opening_submission, agent):
    from reviews.services import submission_transition

    submission_transition(submission_id=opening_submission.pk, action="submit", by=agent)
    client.force_login(district_reviewer)
    for url in (reverse("admin:index"), reverse("admin:reviews_submission_changelist"),
                reverse("admin:reviews_submission_change", args=[opening_submission.pk]),
                reverse("admin:reviews_submission_history", args=[opening_submission.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_words(response.content.decode()) == set(), url
