"""单位注册: a valid registration logs in and leads to binding; bad and duplicate credit codes are refused."""

import pytest
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
        "contact_phone": "139 0000 0001", "region": district.pk, "username": "newunit",
        "password1": "Unit#Pass2026", "password2": "Unit#Pass2026",
    }


def test_page_opens_and_lists_only_districts(client, district, city):
    response = client.get(reverse(URL))
    assert response.status_code == 200
    choices = [str(c[1]) for c in response.context["form"].fields["region"].choices]
    assert "示范市 东城区" in choices
    assert "示范市" not in choices


def test_valid_registration_creates_unit_and_master_and_leads_to_binding(client, form):
    response = client.post(reverse(URL), form)
    assert response.status_code == 302
    assert response.url == reverse("unit:bind")
    unit = Unit.objects.get(uscc=form["uscc"])
    assert unit.master.username == "newunit"
    assert unit.master.kind == User.Kind.UNIT_MASTER
    assert unit.master.unit == unit
    assert unit.contact_phone == "13900000001"
    assert not unit.is_bound
    assert client.session["_auth_user_id"] == str(unit.master.pk)
    assert AuditEvent.objects.filter(action="unit.registered", object_id=str(unit.pk)).exists()
    assert client.get(response.url).status_code == 200


def test_bad_credit_code_is_refused_with_the_reason(client, form):
    form["uscc"] = form["uscc"][:17] + ("0" if form["uscc"][17] != "0" else "1")
    response = client.post(reverse(URL), form)
    assert response.status_code == 200
    assert "统一社会信用代码校验码不正确" in response.content.decode()
    assert not Unit.objects.exists()


def test_duplicate_credit_code_is_refused(client, form, unit):
    form["uscc"] = unit.uscc.lower()
    response = client.post(reverse(URL), form)
    assert response.status_code == 200
    assert "一个单位只能注册一次" in response.content.decode()
    assert Unit.objects.count() == 1


def test_duplicate_credit_code_refused_by_the_service_too(unit, district):
    from accounts.services import AccountError, unit_register

    with pytest.raises(AccountError, match="一个单位只能注册一次"):
        unit_register(name="x", uscc=unit.uscc, legal_rep="a", contact_name="b", contact_phone="13900000002",
                      region=district, username="other", password="Unit#Pass2026")


@pytest.mark.parametrize("field, value, message", [
    ("password2", "Other#Pass2026", "两次输入的密码不一致"),
    ("contact_phone", "12345", "手机号码"),
    ("username", "13912345678", "登录名不能是手机号格式"),
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
