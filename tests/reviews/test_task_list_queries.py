"""待办 and 办事列表 cost a fixed number of queries however many items the unit has, count 待办 once per page
(menu badge and pager), and link every row to its detail and edit page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Submission

pytestmark = pytest.mark.django_db

TODO, LIST, HOME = reverse("unit:todo"), reverse("unit:submissions"), reverse("unit:home")


def queries_of(client, url) -> list[str]:
    client.get(url)  # the session's renewal after the login is not the page's cost
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured]


def todo_counts(sqls) -> int:
    return sum(1 for sql in sqls if "COUNT(" in sql and '"reviews_submission"' in sql and "draft" in sql)


@pytest.mark.parametrize("url", [TODO, LIST])
def test_queries_do_not_grow_with_the_items(agent_client, make_submission, url, settings):
    settings.DATA_VERSIONS = False
    for state in ("draft", "returned", "done"):
        make_submission(state)
    few = len(queries_of(agent_client, url))
    for i in range(30):
        make_submission(("draft", "returned", "done", "submitted")[i % 4])
    assert len(queries_of(agent_client, url)) == few


@pytest.mark.parametrize("url", [TODO, HOME])
def test_the_todo_count_runs_once_for_the_badge_and_the_page(agent_client, make_submission, url, settings):
    settings.DATA_VERSIONS = False  # computed on every request (with data versions: once until a change)
    for _ in range(3):
        make_submission("draft")
    assert todo_counts(queries_of(agent_client, url)) == 1


def test_rows_link_to_their_detail_and_edit_pages(agent_client, make_submission):
    draft, done = make_submission("draft"), make_submission("done")
    todo = agent_client.get(TODO).content.decode()
    assert f'href="{reverse("unit:submission_edit", kwargs={"pk": draft.pk})}"' in todo
    assert f'href="{reverse("unit:submission_detail", kwargs={"pk": draft.pk})}"' in todo
    listed = agent_client.get(LIST).content.decode()
    assert f'href="{reverse("unit:submission_detail", kwargs={"pk": done.pk})}"' in listed
    assert "text-bg-success" in listed and Submission.objects.get(pk=done.pk).get_state_display() in listed
