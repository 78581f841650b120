"""The 15-minute idle timeout without a write per page: a hall GET does not touch django_session; the session's
expiry is renewed at most once a minute; a session idle for 15 minutes is logged out. Time passes by moving the
stored timestamps back, never by sleeping."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from siportal.core.session_idle import SEEN_KEY
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOME = reverse("unit:home")


def login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def session_writes(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    return response.status_code, writes


def go_back_in_time(session: Session, seconds: int) -> None:
    """As if the last request had been ``seconds`` earlier: the stored expiry and renewal time move back."""
    data = session.get_decoded()
    data[SEEN_KEY] -= seconds
    Session.objects.filter(pk=session.pk).update(
        session_data=Session.objects.encode(data), expire_date=session.expire_date - timedelta(seconds=seconds))


def test_a_hall_page_does_not_write_the_session(client, agent):
    login(client, agent)
    for _ in range(3):
        status, writes = session_writes(client, HOME)
        assert status == 200
        assert writes == []


def test_the_expiry_is_renewed_once_a_minute_of_activity(client, agent):
    session = login(client, agent)
    go_back_in_time(session, 61)
    status, writes = session_writes(client, HOME)
    assert status == 200 and len(writes) == 1
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert renewed > session.expire_date - timedelta(seconds=5)  # 15 minutes from now again
    assert session_writes(client, HOME)[1] == []


def test_fourteen_idle_minutes_keep_the_session(client, agent):
    session = login(client, agent)
    go_back_in_time(session, 14 * 60)
    assert client.get(HOME).status_code == 200
    go_back_in_time(Session.objects.get(pk=session.pk), 14 * 60)
    assert client.get(HOME).status_code == 200  # the earlier request renewed it


def test_fifteen_idle_minutes_log_out(client, agent):
    session = login(client, agent)
    go_back_in_time(session, 15 * 60 + 1)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
