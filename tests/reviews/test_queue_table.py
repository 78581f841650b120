"""The reviewer queue renders its table in one pass per row (``QueueChangeList.result_table``): a reviewer sees
exactly what the admin's generic change list would show — same cells, links, badges, dates, empty values — with
filters kept in the links, and the admin's other parts (actions, filters, pagination) around it."""

import pytest
from django.contrib.admin.templatetags.admin_list import result_list
from django.template.loader import get_template
from django.urls import reverse

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:reviews_submission_changelist")


def generic_table(cl) -> str:
    """The admin's own ``{% result_list cl %}`` output for the same change list."""
    return get_template("admin/change_list_results.html").render(result_list(cl))


@pytest.mark.parametrize("query", ["", "?state=open", "?o=-6"])
def test_the_queue_table_is_the_admins_own(client, district_reviewer, make_submission, query):
    for state in ("submitted", "in_review", "done", "returned"):
        make_submission(state)
    client.force_login(district_reviewer)
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    cl = response.context["cl"]
    assert cl.result_count
    fast = cl.result_table()
    assert fast == generic_table(cl)
    assert fast in response.content.decode()
    assert 'name="action"' in response.content.decode()  # the bulk actions are still offered


def test_a_filtered_queue_links_back_to_the_same_filter(client, district_reviewer, make_submission):
    submission = make_submission("submitted")
    client.force_login(district_reviewer)
    page = client.get(QUEUE + "?state=open").content.decode()
    change = reverse("admin:reviews_submission_change", args=[submission.pk])
    assert f'href="{change}?_changelist_filters=state%3Dopen"' in page
