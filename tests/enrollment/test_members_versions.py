"""参保人员 is cached under the unit's data versions (siportal.core.versions), and never shows an outdated row:
a stop approved, a person's new mobile number, another unit's list under the same address. Run with data
versions on whatever the cache (the test client is one process)."""

import pytest
from django.urls import reverse

from accounts.models import Person

from . import factories as ef

pytestmark = pytest.mark.django_db

LIST = reverse("unit:members")


@pytest.fixture(autouse=True)
def _data_versions(settings):
    settings.DATA_VERSIONS = True


def table(response) -> str:
    page = response.content.decode()
    return page[page.index("members-table"):]


def test_a_stop_approved_after_the_list_was_shown_is_on_the_list(agent_client, staff, agent, district_reviewer):
    assert "暂停缴费" not in table(agent_client.get(LIST))
    ef.stop(agent, district_reviewer, staff[1:], reason="28", types=["410"])
    assert "暂停缴费" in table(agent_client.get(LIST))


def test_a_new_mobile_number_shows_on_the_list(agent_client, staff):
    agent_client.get(LIST)
    person = Person.objects.get(pk=staff[0].pk)
    person.mobile = "13812345678"
    person.save()
    assert "138****5678" in agent_client.get(LIST).content.decode()


def test_another_unit_never_gets_this_units_list(agent_client, staff, client, foreign_agent, foreign_opened):
    page = agent_client.get(LIST, {"page": "1"}).content.decode()
    assert staff[0].name in page
    client.force_login(foreign_agent)
    other = client.get(LIST, {"page": "1"}).content.decode()
    assert staff[0].name not in other and "本单位还没有参保人员" in other
