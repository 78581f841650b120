"""The reviewer queue is kept under the data versions of the reviewer's regions (reviews.queue): a reviewer never
sees an item in a state it has left, never another region's items, and filters, search, bulk actions and
messages work as on a page rendered afresh. Run with the cache on (``DATA_VERSIONS``; a local-memory cache is
enough in one process, Redis in CI), so that every second look below is served from the cache."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.services import submission_transition
from tests import factories

QUEUE = reverse("admin:reviews_submission_changelist")


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.DATA_VERSIONS = True


def queue_page(client, query="") -> str:
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return response.content.decode()


def row_of(page: str, number: str) -> str:
    match = re.search(rf"<tr>.*?>{re.escape(number)}</a>.*?</tr>", page, re.S)
    assert match, f"{number} is not in the queue"
    return match.group(0)


@pytest.fixture
def second_reviewer(district):
    return factories.reviewer(district, username="reviewer_east_2")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_second_look_is_served_without_the_list_queries(client, district_reviewer, make_submission):
    make_submission("submitted")
    client.force_login(district_reviewer)
    first = queue_page(client)
    with CaptureQueriesContext(connection) as again:
        second = queue_page(client)
    queries = [q["sql"] for q in again.captured_queries if "django_session" not in q["sql"]]  # none with Redis
    assert not any("reviews_submission" in sql for sql in queries)
    assert len(queries) == 3  # the user, their permissions, their regions
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", second) == token.sub("", first)
    assert "queue-content" not in first + second  # the marks of the kept part never reach the reviewer


@pytest.mark.django_db
def test_the_page_is_the_same_with_and_without_the_cache(client, district_reviewer, make_submission, settings):
    make_submission("submitted")
    client.force_login(district_reviewer)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    cached = [token.sub("", queue_page(client, "?state=open")) for _ in range(2)]
    settings.DATA_VERSIONS = False
    assert token.sub("", queue_page(client, "?state=open")) == cached[0] == cached[1]


@pytest.mark.django_db
def test_an_item_taken_by_another_reviewer_shows_its_new_state(district_reviewer, second_reviewer,
                                                               make_submission):
    submission = make_submission("submitted")
    mine, theirs = login(district_reviewer), login(second_reviewer)
    assert "待审核" in row_of(queue_page(mine), submission.number)
    assert "待审核" in row_of(queue_page(theirs), submission.number)  # both reviewers' pages are cached now

    theirs.post(reverse("admin:reviews_submission_act", args=[submission.pk, "take"]))

    row = row_of(queue_page(mine), submission.number)
    assert "审核中" in row and "reviewer_east_2" in row
    theirs.post(reverse("admin:reviews_submission_act", args=[submission.pk, "approve"]))
    assert "已办结" in row_of(queue_page(mine), submission.number)
    assert submission.number not in queue_page(mine, "?state=open")


@pytest.mark.django_db(transaction=True)
def test_a_committed_approval_shows_on_every_queue_of_the_region(district_reviewer, second_reviewer,
                                                                 make_submission, city_reviewer):
    """With real commits: the bump runs after the commit, as in production."""
    submission = make_submission("submitted")
    east, city = login(district_reviewer), login(city_reviewer)
    for client in (east, city):
        assert "待审核" in row_of(queue_page(client), submission.number)
    submission_transition(submission_id=submission.pk, action="take", by=second_reviewer)
    submission_transition(submission_id=submission.pk, action="approve", by=second_reviewer)
    for client in (east, city):
        assert "已办结" in row_of(queue_page(client), submission.number)


@pytest.mark.django_db
def test_reviewers_of_other_regions_never_see_each_others_items(district_reviewer, other_reviewer, city_reviewer,
                                                                make_submission, foreign_agent, test_kind):
    from reviews.services import submission_create

    own = make_submission("submitted")
    east, west, city = login(district_reviewer), login(other_reviewer), login(city_reviewer)
    for _ in range(2):  # computed, then from the cache
        east_page, west_page = queue_page(east), queue_page(west)
        assert own.number in east_page and own.number not in west_page
    foreign = submission_create(kind="test_kind", by=foreign_agent, unit=foreign_agent.unit)[0]
    foreign = submission_transition(submission_id=foreign.pk, action="submit", by=foreign_agent)
    for _ in range(2):
        east_page, west_page, city_page = queue_page(east), queue_page(west), queue_page(city)
        assert foreign.number in west_page and foreign.number not in east_page
        assert own.number in east_page and own.number not in west_page
        assert own.number in city_page and foreign.number in city_page
    # the district filter offers only the reviewer's own districts
    assert "西城区" not in queue_page(east) and "东城区" not in queue_page(west)


@pytest.mark.django_db
def test_filters_search_and_order_each_get_their_own_page(client, city_reviewer, make_submission):
    submitted, done = make_submission("submitted"), make_submission("done")
    client.force_login(city_reviewer)
    for _ in range(2):
        page = queue_page(client, "?state=open")
        assert submitted.number in page and done.number not in page
        page = queue_page(client, "?state=done")
        assert done.number in page and submitted.number not in page
        page = queue_page(client, f"?q={done.number}")
        assert done.number in page and submitted.number not in page
        page = queue_page(client, "?state=open")
        change = reverse("admin:reviews_submission_change", args=[submitted.pk])
        assert f'href="{change}?_changelist_filters=state%3Dopen"' in page  # the filter kept in the item's link
        page = queue_page(client, "?o=-6")
        assert page.index(done.number) < page.index(submitted.number)


@pytest.mark.django_db
def test_each_reviewer_gets_their_own_header_and_csrf_token(district_reviewer, second_reviewer, make_submission):
    make_submission("submitted")
    mine, theirs = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    mine.force_login(district_reviewer)
    theirs.force_login(second_reviewer)
    queue_page(mine), queue_page(theirs)
    page = queue_page(theirs)  # content shared with the other reviewer, from the cache
    assert "reviewer_east_2" in page and "reviewer_east<" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert "csrf-" not in token
    submission = make_submission("submitted")
    queue_page(theirs)
    page = queue_page(theirs)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    # the bulk action posted with the token of the cached page is accepted: the confirmation page comes
    response = theirs.post(QUEUE, {"action": "take_selected", "_selected_action": [submission.pk],
                                   "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "确认批量受理" in response.content.decode()


@pytest.mark.django_db
def test_a_message_shows_once_on_the_queue(client, district_reviewer, make_submission):
    submission = make_submission("submitted")
    client.force_login(district_reviewer)
    queue_page(client)
    response = client.post(reverse("admin:reviews_submission_act", args=[submission.pk, "approve"]), follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert "审核通过成功" in response.content.decode()
    assert "审核通过成功" not in queue_page(client)
    assert "审核通过成功" not in queue_page(client)


@pytest.mark.django_db
def test_wrong_filter_values_are_never_kept(client, district_reviewer, make_submission):
    make_submission("submitted")
    client.force_login(district_reviewer)
    for _ in range(2):
        response = client.get(QUEUE + "?submitted_at__gte=not-a-date")
        assert response.status_code == 302
    assert client.get(QUEUE + "?region=abc").status_code == 200
