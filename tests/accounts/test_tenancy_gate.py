"""The unit hall's gate reads the unit and its commitment letter in one query on every request, so a change to
the unit (letter removed, binding revoked, agent moved) takes effect on the next page, never cached away."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import CommitmentLetter, Unit
from tests import factories

pytestmark = pytest.mark.django_db

HOME = reverse("unit:home")


def test_the_gate_reads_the_unit_once(agent_client):
    agent_client.get(HOME)
    with CaptureQueriesContext(connection) as captured:
        assert agent_client.get(HOME).status_code == 200
    unit_reads = [q["sql"] for q in captured if 'FROM "accounts_unit"' in q["sql"]]
    letter_reads = [q["sql"] for q in captured if '"accounts_commitmentletter"' in q["sql"]]
    assert len(unit_reads) == 1 and letter_reads == unit_reads


def test_a_removed_letter_closes_the_hall_on_the_next_page(agent_client, agent):
    assert agent_client.get(HOME).status_code == 200
    CommitmentLetter.objects.filter(unit=agent.unit).delete()
    response = agent_client.get(HOME)
    assert response.status_code == 302 and response["Location"] == reverse("unit:commitment")


def test_a_revoked_binding_closes_the_hall_on_the_next_page(agent_client, agent):
    assert agent_client.get(HOME).status_code == 200
    Unit.objects.filter(pk=agent.unit_id).update(bound_at=None)
    assert agent_client.get(HOME).status_code == 403


def test_an_agent_moved_to_another_unit_acts_for_the_new_one(agent_client, agent, district):
    other = factories.unit(region=district, name="另一家有限公司")
    assert agent.unit.name.encode() in agent_client.get(HOME).content
    type(agent).objects.filter(pk=agent.pk).update(unit=other)
    page = agent_client.get(HOME).content
    assert "另一家有限公司".encode() in page and agent.unit.name.encode() not in page
