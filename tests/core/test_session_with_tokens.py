"""With Redis, a hall page reads its session and the data-version tokens its last view needed in one cache round
trip (siportal.core.sessions), and still shows a change made between two views."""

import pytest
from django.urls import reverse

from reviews.services import submission_create
from siportal.core.cache import RedisCache
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

TODO = reverse("unit:todo")


@pytest.fixture
def cache_reads(monkeypatch):
    calls = []
    for name in ("get", "get_many"):
        original = getattr(RedisCache, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(RedisCache, name, counted)
    return calls


def test_a_repeated_page_reads_the_cache_once(client, agent, cache_reads):
    client.post(reverse("accounts:login"), {"username": agent.username, "password": PASSWORD})
    client.get(TODO)
    client.get(TODO)
    cache_reads.clear()
    assert client.get(TODO).status_code == 200
    assert cache_reads == ["get_many"]


def test_a_change_between_two_views_is_shown(client, agent):
    client.post(reverse("accounts:login"), {"username": agent.username, "password": PASSWORD})
    client.get(TODO)
    client.get(TODO)
    submission, _ = submission_create(kind="unit_opening", by=agent, unit=agent.unit)
    assert submission.number in client.get(TODO).content.decode()
