"""The reviewer's admin: scoped queue, filters and search, buttons and bulk actions with confirmation."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

CHANGELIST = "admin:reviews_submission_changelist"


def act_url(submission, action):
    return reverse("admin:reviews_submission_act", args=[submission.pk, action])


@pytest.fixture
def foreign_submitted(test_kind, foreign_agent):
    from reviews.services import submission_create, submission_transition

    submission = submission_create(kind="test_kind", by=foreign_agent, unit=foreign_agent.unit)[0]
    return submission_transition(submission_id=submission.pk, action="submit", by=foreign_agent)


@pytest.mark.django_db
def test_district_reviewer_sees_only_own_district(client, district_reviewer, make_submission, foreign_submitted):
    own = make_submission("submitted")
    draft = make_submission("draft")
    client.force_login(district_reviewer)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert own.number in page
    assert foreign_submitted.number not in page
    assert draft.number not in page  # drafts belong to the submitter until sent


@pytest.mark.django_db
def test_district_reviewer_cannot_open_or_act_on_another_districts_item(client, district_reviewer,
                                                                        foreign_submitted):
    client.force_login(district_reviewer)
    response = client.get(reverse("admin:reviews_submission_change", args=[foreign_submitted.pk]))
    assert response.status_code == 404  # the review page is a scoped custom view: never the item
    assert client.post(act_url(foreign_submitted, "take")).status_code == 404
    foreign_submitted.refresh_from_db()
    assert foreign_submitted.state == "submitted"


@pytest.mark.django_db
def test_city_reviewer_sees_every_district(client, city_reviewer, make_submission, foreign_submitted):
    own = make_submission("submitted")
    client.force_login(city_reviewer)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert own.number in page and foreign_submitted.number in page


@pytest.mark.django_db
def test_search_by_number_and_credit_code(client, city_reviewer, make_submission, foreign_submitted):
    own = make_submission("submitted")
    client.force_login(city_reviewer)
    page = client.get(reverse(CHANGELIST), {"q": own.number}).content.decode()
    assert own.number in page and foreign_submitted.number not in page
    page = client.get(reverse(CHANGELIST), {"q": foreign_submitted.unit.uscc}).content.decode()
    assert foreign_submitted.number in page and own.number not in page


@pytest.mark.django_db
def test_filter_by_state_and_kind(client, city_reviewer, make_submission):
    submitted = make_submission("submitted")
    done = make_submission("done")
    client.force_login(city_reviewer)
    page = client.get(reverse(CHANGELIST), {"state": "done", "kind": "test_kind"}).content.decode()
    assert done.number in page and submitted.number not in page


@pytest.mark.django_db
def test_change_page_shows_lines_steps_and_buttons(client, district_reviewer, make_submission):
    submitted = make_submission("submitted")
    client.force_login(district_reviewer)
    page = client.get(reverse("admin:reviews_submission_change", args=[submitted.pk])).content.decode()
    assert "办理经过" in page and "提交审批" in page
    assert act_url(submitted, "approve") in page and act_url(submitted, "return") in page


@pytest.mark.django_db
def test_approve_button_takes_and_approves(client, district_reviewer, make_submission, effects):
    submitted = make_submission("submitted")
    client.force_login(district_reviewer)
    client.post(act_url(submitted, "approve"))
    submitted.refresh_from_db()
    assert submitted.state == "done" and submitted.reviewer == district_reviewer
    assert effects.applied == [submitted.pk]


@pytest.mark.django_db
def test_return_button_requires_a_reason(client, district_reviewer, make_submission):
    submitted = make_submission("in_review")
    client.force_login(district_reviewer)
    response = client.post(act_url(submitted, "return"), {"reason": ""}, follow=True)
    assert "回退必须填写原因" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == "in_review"
    client.post(act_url(submitted, "return"), {"reason": "法定代表人姓名与营业执照不一致"})
    submitted.refresh_from_db()
    assert submitted.state == "returned" and submitted.return_reason == "法定代表人姓名与营业执照不一致"


@pytest.mark.django_db
def test_bulk_approve_asks_for_confirmation_first(client, district_reviewer, make_submission, effects):
    items = [make_submission("submitted") for _ in range(3)]
    ids = [str(s.pk) for s in items]
    client.force_login(district_reviewer)
    response = client.post(reverse(CHANGELIST), {"action": "approve_selected", "_selected_action": ids})
    assert response.status_code == 200 and "确认批量审核通过" in response.content.decode()
    assert effects.applied == []
    client.post(reverse(CHANGELIST), {"action": "approve_selected", "_selected_action": ids, "confirm": "yes"})
    assert sorted(effects.applied) == sorted(s.pk for s in items)


@pytest.mark.django_db
def test_bulk_return_needs_a_reason_on_the_confirmation_page(client, district_reviewer, make_submission):
    items = [make_submission("submitted") for _ in range(2)]
    ids = [str(s.pk) for s in items]
    client.force_login(district_reviewer)
    response = client.post(reverse(CHANGELIST), {"action": "return_selected", "_selected_action": ids,
                                                 "confirm": "yes", "reason": ""})
    assert "回退必须填写原因" in response.content.decode()
    client.post(reverse(CHANGELIST), {"action": "return_selected", "_selected_action": ids, "confirm": "yes",
                                      "reason": "请补充材料"})
    for s in items:
        s.refresh_from_db()
        assert s.state == "returned" and s.return_reason == "请补充材料"


@pytest.mark.django_db
def test_staff_without_review_permission_cannot_act(client, make_submission, district):
    from tests import factories

    viewer = factories.user(is_staff=True, review_region=district)
    submitted = make_submission("submitted")
    client.force_login(viewer)
    assert client.post(act_url(submitted, "take")).status_code in (302, 403)
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


@pytest.mark.django_db
def test_open_filter_lists_what_still_needs_a_decision(client, city_reviewer, make_submission):
    submitted, in_review, done = (make_submission(s) for s in ("submitted", "in_review", "done"))
    client.force_login(city_reviewer)
    page = client.get(reverse(CHANGELIST), {"state": "open"}).content.decode()
    assert submitted.number in page and in_review.number in page and done.number not in page


class _FormNesting(HTMLParser):
    """Counts <form> elements opened inside another form (a browser drops the inner one)."""

    def __init__(self):
        super().__init__()
        self.depth = self.nested = self.forms = 0

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.forms += 1
            self.nested += self.depth > 0
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth -= 1


def nested_forms(html: str) -> int:
    parser = _FormNesting()
    parser.feed(html)
    return parser.nested


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["submitted", "in_review"])
def test_review_page_has_one_form_per_action_and_no_model_form(client, district_reviewer, make_submission, state):
    submission = make_submission(state)
    client.force_login(district_reviewer)
    page = client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()
    assert nested_forms(page) == 0
    assert ('value="受理"' in page) == (state == "submitted")
    assert 'value="审核通过"' in page and 'value="回退"' in page
    assert 'name="_save"' not in page  # nothing to "save" on a review page


@pytest.mark.django_db
def test_posting_to_the_review_page_changes_nothing(client, district_reviewer, make_submission):
    submission = make_submission("submitted")
    client.force_login(district_reviewer)
    response = client.post(reverse("admin:reviews_submission_change", args=[submission.pk]), {"state": "done"})
    assert response.status_code == 405
    submission.refresh_from_db()
    assert submission.state == "submitted"


@pytest.mark.django_db
def test_take_button_takes_the_item_and_shows_it_in_review(client, district_reviewer, make_submission):
    submission = make_submission("submitted")
    client.force_login(district_reviewer)
    response = client.post(act_url(submission, "take"), follow=True)
    page = response.content.decode()
    assert "受理成功" in page and '<span class="submission-state">审核中</span>' in page
    submission.refresh_from_db()
    assert submission.state == "in_review" and submission.reviewer == district_reviewer


@pytest.mark.django_db
def test_action_views_are_post_only(client, district_reviewer, make_submission):
    submission = make_submission("submitted")
    client.force_login(district_reviewer)
    assert client.get(act_url(submission, "take")).status_code == 404
    submission.refresh_from_db()
    assert submission.state == "submitted"


@pytest.mark.django_db
def test_unit_admin_pages_have_no_nested_forms(client, unit):
    from tests import factories

    client.force_login(factories.user(is_staff=True, is_superuser=True))
    for name in ("admin:accounts_unit_change", "admin:accounts_unit_credential", "admin:accounts_unit_unbind"):
        page = client.get(reverse(name, args=[unit.pk])).content.decode()
        assert nested_forms(page) == 0, name


@pytest.mark.django_db
def test_queue_costs_the_same_queries_for_few_and_many_rows(client, district_reviewer, make_submission, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DATA_VERSIONS = False  # both looks computed afresh (the cached queue: test_queue_cache.py)
    client.force_login(district_reviewer)
    make_submission("submitted")
    client.get(reverse(CHANGELIST))  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(CHANGELIST))
    for state in ["submitted", "in_review", "done", "returned"] * 3:
        make_submission(state)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == 13
    assert len(many.captured_queries) == len(few.captured_queries)
