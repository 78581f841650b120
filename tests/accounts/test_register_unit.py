"""单位注册: a valid registration sends the login name by SMS; a registered credit code gets the same answer
(the registered unit is told by SMS), and a bad check character is refused without giving the right one away."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import Unit, User
from siportal.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

URL = "accounts:register_unit"


@pytest.fixture
def form(district):
    return {
        "name": "新注册科技有限公司", "uscc": factories.make_uscc(901), "legal_rep": "李四", "contact_name": "王五",
        "contact_phone": "139 0000 0001", "region": district.pk,
        "password1": "Unit#Pass2026", "password2": "Unit#Pass2026",
    }


def test_page_opens_and_lists_only_districts(client, district, city):
    response = client.get(reverse(URL))
    assert response.status_code == 200
    choices = [str(c[1]) for c in response.context["form"].fields["region"].choices]
    assert "示范市 东城区" in choices
    assert "示范市" not in choices


def test_valid_registration_creates_unit_and_master_and_sends_the_login_name(client, form, sms):
    with sms.capture():
        response = client.post(reverse(URL), form)
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    unit = Unit.objects.get(uscc=form["uscc"])
    master = unit.master
    assert master.kind == User.Kind.UNIT_MASTER and master.unit == unit
    assert re.fullmatch(r"DW\d{8}", master.username)
    assert unit.contact_phone == "13900000001" and master.mobile == "13900000001"
    assert not unit.is_bound
    assert AuditEvent.objects.filter(action="unit.registered", object_id=str(unit.pk)).exists()
    [text] = sms.texts("13900000001")
    assert master.username in text and "业务绑定" in text
    # the master logs in with the login name from the SMS (or the mobile) and is led to binding
    response = client.post(reverse("accounts:login"), {"username": master.username, "password": form["password1"]})
    assert response.status_code == 302
    assert client.get(reverse("unit:home")).url == reverse("unit:bind")


def _answer(form) -> tuple:
    """What an anonymous caller sees: status, redirect, messages (a fresh browser each time)."""
    response = Client().post(reverse(URL), form)
    return (response.status_code, response.get("Location"), [str(m) for m in get_messages(response.wsgi_request)])


def test_a_registered_credit_code_gets_the_same_answer_and_its_holder_is_told(form, unit, sms):
    with sms.capture():
        fresh = _answer(form)
    form.update(uscc=unit.uscc.lower(), contact_phone="13900000002")
    with sms.capture():
        repeated = _answer(form)
    assert repeated == fresh
    assert Unit.objects.filter(uscc=unit.uscc).count() == 1
    assert sms.texts("13900000002") == []  # the caller's phone learns nothing
    [notice] = sms.texts(unit.contact_phone)
    assert "重复注册" in notice and unit.name in notice
    assert AuditEvent.objects.filter(action="unit.register_repeated", object_id=str(unit.pk)).exists()


def test_a_registered_credit_code_creates_nothing_in_the_service_too(unit, district):
    from accounts.services import unit_register

    assert unit_register(name="x", uscc=unit.uscc, legal_rep="a", contact_name="b", contact_phone="13900000002",
                         region=district, password="Unit#Pass2026") is None
    assert Unit.objects.count() == 1


@pytest.mark.parametrize("field, value, message", [
    ("password2", "Other#Pass2026", "两次输入的密码不一致"),
    ("contact_phone", "12345", "手机号码"),
])
def test_field_errors(client, form, field, value, message):
    form[field] = value
    response = client.post(reverse(URL), form)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("password, message", [
    ("Ab1@xyz", "密码长度太短"),
    ("abcdefghijkl", "至少3类"),
    ("12345678901", "至少3类"),
])
def test_password_validators(client, form, password, message):
    form["password1"] = form["password2"] = password
    response = client.post(reverse(URL), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Unit.objects.exists()


def test_logged_in_user_is_sent_home(client, agent):
    client.force_login(agent)
    assert client.get(reverse(URL)).status_code == 302
