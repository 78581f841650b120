"""The halls' task lists and item pages: what an agent sees, and that another unit's ids are 404 everywhere."""

import pytest
from django.urls import reverse

from reviews.models import Submission


@pytest.fixture
def foreign_submission(test_kind, foreign_agent):
    from reviews.services import submission_create

    return submission_create(kind="test_kind", by=foreign_agent, unit=foreign_agent.unit)[0]


HALL_URLS = [
    ("unit:submission_detail", "GET", {}),
    ("unit:submission_edit", "GET", {}),
    ("unit:submission_act", "POST", {"action": "submit"}),
    ("unit:submission_act", "POST", {"action": "withdraw"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "extra"), HALL_URLS)
def test_foreign_submission_id_is_404(agent_client, foreign_submission, name, method, extra):
    url = reverse(name, kwargs={"pk": foreign_submission.pk, **extra})
    response = agent_client.post(url) if method == "POST" else agent_client.get(url)
    assert response.status_code == 404
    foreign_submission.refresh_from_db()
    assert foreign_submission.state == "draft"


@pytest.mark.django_db
def test_todo_shows_drafts_and_returned_items_with_the_reason(agent_client, make_submission):
    draft = make_submission("draft")
    returned = make_submission("returned")
    done = make_submission("done")
    page = agent_client.get(reverse("unit:todo")).content.decode()
    assert draft.number in page and returned.number in page and done.number not in page
    assert "回退" in page and "材料不全" in page


@pytest.mark.django_db
def test_list_shows_submitted_items_with_progress_and_not_drafts(agent_client, make_submission):
    draft = make_submission("draft")
    done = make_submission("done")
    returned = make_submission("returned")
    page = agent_client.get(reverse("unit:submissions")).content.decode()
    assert done.number in page and returned.number in page and draft.number not in page
    filtered = agent_client.get(reverse("unit:submissions"), {"state": "done"}).content.decode()
    assert done.number in filtered and returned.number not in filtered


@pytest.mark.django_db
def test_detail_shows_every_step_with_who_and_the_reason(agent_client, make_submission, district_reviewer):
    returned = make_submission("returned")
    page = agent_client.get(reverse("unit:submission_detail", kwargs={"pk": returned.pk})).content.decode()
    for text in ("提交审批", "受理", "回退", "材料不全", str(district_reviewer)):
        assert text in page


@pytest.mark.django_db
def test_withdraw_a_draft_from_the_hall(agent_client, make_submission):
    draft = make_submission("draft")
    response = agent_client.post(reverse("unit:submission_act", kwargs={"pk": draft.pk, "action": "withdraw"}),
                                 follow=True)
    assert "已退单" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "cancelled"


@pytest.mark.django_db
def test_submitting_twice_is_refused_the_second_time(agent_client, make_submission):
    draft = make_submission("draft")
    url = reverse("unit:submission_act", kwargs={"pk": draft.pk, "action": "submit"})
    agent_client.post(url)
    response = agent_client.post(url, follow=True)
    assert "不能提交审批" in response.content.decode()
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_hall_refuses_get_for_actions(agent_client, make_submission):
    draft = make_submission("draft")
    response = agent_client.get(reverse("unit:submission_act", kwargs={"pk": draft.pk, "action": "submit"}))
    assert response.status_code == 405


@pytest.mark.django_db
def test_individual_cannot_open_the_unit_hall(client, make_submission):
    from tests import factories

    client.force_login(factories.individual())
    draft = make_submission("draft")
    assert client.get(reverse("unit:submission_detail", kwargs={"pk": draft.pk})).status_code == 403
    assert client.get(reverse("me:submission_detail", kwargs={"pk": draft.pk})).status_code == 404


@pytest.mark.django_db
def test_individual_hall_pages_open_for_the_person(client):
    from tests import factories

    member = factories.individual()
    client.force_login(member)
    for name in ("me:home", "me:todo", "me:submissions"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert member.person.name in client.get(reverse("me:home")).content.decode()


@pytest.mark.django_db
def test_agent_cannot_open_the_individual_hall(agent_client):
    assert agent_client.get(reverse("me:todo")).status_code == 403
