"""load_demo: refused outside demo mode, idempotent, and the demo accounts work."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD, demo_load
from accounts.models import CommitmentLetter, Person, Region, Unit, User
from siportal.core.validators import validate_resident_id, validate_uscc

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Region, User, Unit, Person, CommitmentLetter)]


def test_refused_without_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo")
    assert not User.objects.exists()


def test_idempotent_and_prints_the_accounts(settings, capsys):
    settings.DEMO_MODE = True
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first == [3, 6, 1, 1, 1]
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "reviewer_east" in out and "13800000002" in out


def test_demo_data_is_as_described(settings):
    settings.DEMO_MODE = True
    demo_load()
    unit = Unit.objects.get()
    validate_uscc(unit.uscc)
    assert unit.is_bound and unit.has_commitment and not unit.is_opened
    assert unit.master.username == "unit_demo"
    agent = User.objects.get(username="agent_demo")
    assert agent.unit == unit and agent.mobile == "13800000001"
    member = User.objects.get(kind="individual")
    validate_resident_id(member.username)
    assert member.person.name == "张三" and member.mobile == "13800000002"
    assert User.objects.get(username="reviewer_east").review_region.name == "东城区"
    assert User.objects.get(username="reviewer_city").has_perm("reviews.review_submission")
    assert all(u.is_demo and u.check_password(DEMO_PASSWORD) for u in User.objects.all())
    assert User.objects.get(username="admin_demo").is_superuser


def test_demo_accounts_log_in(settings, client):
    settings.DEMO_MODE = True
    demo_load()
    for login_name, landing in [("agent_demo", "unit:home"), ("13800000002", "me:home")]:
        response = client.post(reverse("accounts:login"), {"username": login_name, "password": DEMO_PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse(landing)).status_code == 200
        client.post(reverse("accounts:logout"))
