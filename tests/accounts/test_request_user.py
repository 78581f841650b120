"""The request's user is loaded in one statement compiled once per process (``accounts.backends.get_user``): it
is the same user the ORM loads — every field, the unit with its region and commitment-letter flag, the person,
the review region — and it follows changes made since the last request."""

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict

from accounts.backends import UsernameOrMobileBackend, request_users
from tests import factories

pytestmark = pytest.mark.django_db


def same(loaded, expected):
    assert model_to_dict(loaded) == model_to_dict(expected)
    assert loaded.last_login == expected.last_login and loaded.date_joined == expected.date_joined
    for relation in ("unit", "person", "review_region"):
        assert getattr(loaded, relation) == getattr(expected, relation)
    if loaded.unit is not None:
        assert model_to_dict(loaded.unit) == model_to_dict(expected.unit)
        assert loaded.unit.region == expected.unit.region
        assert loaded.unit.commitment_uploaded == expected.unit_commitment_uploaded


def test_agent_staff_and_individual_load_as_the_orm_loads_them(agent, district_reviewer):
    individual = factories.individual()
    users = [agent, district_reviewer, individual]
    backend = UsernameOrMobileBackend()
    for user in users:
        loaded = backend.get_user(str(user.pk))
        same(loaded, request_users().get(pk=user.pk))
    assert district_reviewer.review_region is not None
    assert backend.get_user(str(district_reviewer.pk)).review_region.path == district_reviewer.review_region.path
    assert model_to_dict(backend.get_user(individual.pk).person) == model_to_dict(individual.person)


def test_changes_show_at_the_next_load_and_bad_ids_are_nobody(agent):
    backend = UsernameOrMobileBackend()
    assert backend.get_user(agent.pk).unit.commitment_uploaded is True
    agent.unit.commitment_letters.all().delete()
    get_user_model().objects.filter(pk=agent.pk).update(name="新名字")
    loaded = backend.get_user(agent.pk)
    assert loaded.name == "新名字" and loaded.unit.commitment_uploaded is False
    assert backend.get_user(10**9) is None
    assert backend.get_user("not-a-number") is None
    get_user_model().objects.filter(pk=agent.pk).update(is_active=False)
    assert backend.get_user(agent.pk) is None
