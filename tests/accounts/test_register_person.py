"""个人注册: the SMS code flow, wrong / expired / over-used codes, name mismatch, linking an existing person."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Person, SmsCode, User
from tests import factories

pytestmark = pytest.mark.django_db

MOBILE = "13500000001"


@pytest.fixture
def who(district):
    return {"id_number": factories.make_id_number("19920315", 21), "name": "孙八", "mobile": MOBILE,
            "region": district.pk}


@pytest.fixture
def send_code(client, sms):
    """POST the 获取验证码 step and return the code read from the outbox."""

    def send(data):
        with sms.capture():
            response = client.post(reverse("accounts:register_person_code"), data)
        assert response.status_code == 200
        texts = sms.texts(data["mobile"])
        return response, (texts[-1].split("验证码为")[1][:6] if texts else None)

    return send


def confirm(client, data, code, password="Person#2026"):
    return client.post(reverse("accounts:register_person"),
                       {**data, "code": code, "password1": password, "password2": password})


def test_page_opens(client, district):
    response = client.get(reverse("accounts:register_person"))
    assert response.status_code == 200
    assert reverse("accounts:register_person_code") in response.content.decode()


def test_code_flow_creates_person_and_account(client, who, send_code):
    response, code = send_code(who)
    assert "验证码已发送至135****0001" in response.content.decode()
    assert response.context["form"].initial["name"] == "孙八"  # the page comes back filled in
    stored = SmsCode.objects.get(mobile=MOBILE)
    assert code not in stored.code_hash
    response = confirm(client, who, code)
    assert response.status_code == 302
    user = User.objects.get(username=who["id_number"])
    assert user.kind == User.Kind.INDIVIDUAL and user.mobile == MOBILE
    person = user.person
    assert person.name == "孙八" and person.id_type == "01"
    assert str(person.birth_date) == "1992-03-15" and person.sex == "1"  # sequence 021: odd → male
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("me:home")).status_code == 200


def test_wrong_code_counts_attempts_and_locks_after_five(client, who, send_code):
    _, code = send_code(who)
    wrong = "000000" if code != "000000" else "111111"
    response = confirm(client, who, wrong)
    assert "验证码不正确,还可以再试4次" in response.content.decode()
    for _ in range(4):
        response = confirm(client, who, wrong)
    assert "错误次数过多" in response.content.decode()
    response = confirm(client, who, code)  # even the right code is now refused
    assert "错误次数过多" in response.content.decode()
    assert not User.objects.filter(username=who["id_number"]).exists()


def test_expired_code(client, who, send_code):
    _, code = send_code(who)
    SmsCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "验证码已过期" in confirm(client, who, code).content.decode()


def test_code_cannot_be_used_twice(who, send_code):
    from accounts.services import AccountError, sms_code_verify

    _, code = send_code(who)
    sms_code_verify(mobile=MOBILE, code=code)
    with pytest.raises(AccountError, match="请先点击"):
        sms_code_verify(mobile=MOBILE, code=code)


def test_one_code_per_mobile_per_minute(who, send_code):
    send_code(who)
    response, _ = send_code(who)
    assert "验证码发送过于频繁" in response.content.decode()
    assert SmsCode.objects.filter(mobile=MOBILE).count() == 1


def test_without_code_first(client, who):
    assert "请先点击“获取验证码”" in confirm(client, who, "123456").content.decode()


def test_name_mismatch_is_refused(client, who, send_code):
    factories.person(id_number=who["id_number"], name="孙九")
    response, code = send_code(who)
    assert "姓名与社保登记信息不一致" in response.content.decode()
    assert code is None
    assert not User.objects.filter(kind="individual").exists()


def test_existing_person_is_linked(client, who, send_code):
    person = factories.person(id_number=who["id_number"], name="孙八")
    _, code = send_code(who)
    confirm(client, who, code)
    assert Person.objects.count() == 1
    assert User.objects.get(username=who["id_number"]).person == person


def test_one_account_per_person(client, who, send_code):
    factories.individual(factories.person(id_number=who["id_number"], name="孙八"))
    response, code = send_code(who)
    assert "每人只能注册一个账号" in response.content.decode()
    assert code is None


def test_code_step_shows_field_errors_only_for_its_fields(client, who):
    who["id_number"] = "110105199001011234"
    response = client.post(reverse("accounts:register_person_code"), who)
    form = response.context["form"]
    assert "id_number" in form.errors
    assert "code" not in form.errors and "password1" not in form.errors


def test_weak_password_is_refused(client, who, send_code):
    _, code = send_code(who)
    response = confirm(client, who, code, password="password")
    assert response.status_code == 200
    assert not User.objects.filter(username=who["id_number"]).exists()


def test_individual_can_log_in_with_id_number_or_mobile(client, who, send_code):
    _, code = send_code(who)
    confirm(client, who, code)
    client.post(reverse("accounts:logout"))
    for login_name in [who["id_number"], MOBILE]:
        response = client.post(reverse("accounts:login"), {"username": login_name, "password": "Person#2026"})
        assert response.status_code == 302
        client.post(reverse("accounts:logout"))
