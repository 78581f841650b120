"""The task lists and the hall's counts are cached under the owner's data versions (siportal.core.versions):
after any change — a new draft, an item returned by a reviewer, an import started — the next page shows it, and
agents of two units never share a list. Run with data versions on whatever the cache (one process)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.services import submission_transition

pytestmark = pytest.mark.django_db

TODO, LIST, HOME = reverse("unit:todo"), reverse("unit:submissions"), reverse("unit:home")


@pytest.fixture(autouse=True)
def _data_versions(settings):
    settings.DATA_VERSIONS = True


def test_a_repeated_page_reads_no_submission(agent_client, make_submission):
    draft = make_submission("draft")
    agent_client.get(TODO)
    with CaptureQueriesContext(connection) as queries:
        page = agent_client.get(TODO).content.decode()
    assert [q["sql"] for q in queries if "reviews_submission" in q["sql"]] == []
    assert draft.number in page  # the cached table is there


def test_a_new_draft_shows_in_the_todo_list_and_the_badge(agent_client, make_submission):
    first = make_submission("draft")
    assert first.number in agent_client.get(TODO).content.decode()
    second = make_submission("draft")
    page = agent_client.get(TODO).content.decode()
    assert second.number in page
    assert '<span class="badge rounded-pill text-bg-danger">2</span>' in page


def test_an_item_returned_by_a_reviewer_shows_with_its_reason(agent_client, make_submission, district_reviewer):
    item = make_submission("in_review")
    assert item.number not in agent_client.get(TODO).content.decode()
    listed = agent_client.get(LIST).content.decode()
    assert item.number in listed and "审核中" in listed
    submission_transition(submission_id=item.pk, action="return", by=district_reviewer, reason="照片不清晰")
    todo = agent_client.get(TODO).content.decode()
    assert item.number in todo and "照片不清晰" in todo
    assert "已回退" in agent_client.get(LIST).content.decode()


def test_an_import_started_shows_above_the_lists(agent_client, agent):
    from siportal.core.models import Job

    agent_client.get(TODO)
    Job.objects.create(kind="import:staff_add", created_by=agent, unit=agent.unit, status=Job.Status.RUNNING,
                       file_name="增员.xlsx")
    assert "增员.xlsx" in agent_client.get(TODO).content.decode()
    Job.objects.filter(unit=agent.unit).update(status=Job.Status.DONE)
    assert "增员.xlsx" not in agent_client.get(TODO).content.decode()


def test_two_units_never_share_a_list(agent_client, make_submission, client, foreign_agent):
    mine = make_submission("draft")
    assert mine.number in agent_client.get(TODO).content.decode()
    client.force_login(foreign_agent)
    assert mine.number not in client.get(TODO).content.decode()


def test_a_renamed_unit_shows_in_its_reviewers_queue(make_submission, district_reviewer, client, agent):
    item = make_submission("submitted")
    client.force_login(district_reviewer)
    queue = reverse("admin:reviews_submission_changelist")
    assert item.number in client.get(queue).content.decode()
    unit = agent.unit
    unit.name = "改名后的示范科技有限公司"
    unit.save()
    assert "改名后的示范科技有限公司" in client.get(queue).content.decode()
