"""Control and format characters: names refuse them with a message, other text fields drop them."""

import pytest
from django import forms
from django.urls import reverse

from accounts.models import Unit, User
from enrollment.models import UnitOpeningLine
from enrollment.rules import rows
from reviews.models import Submission
from siportal.core.text import has_invisible, strip_invisible
from tests import factories

pytestmark = pytest.mark.django_db

INVISIBLE = ["\x07", "\x85", "\u202e", "\u2066", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@pytest.mark.parametrize("char", INVISIBLE, ids=repr)
def test_agent_name_with_an_invisible_character_is_refused(client, unit, char):
    client.force_login(unit.master)
    form = {"name": f"钱{char}七", "id_number": factories.make_id_number("19880808", 17), "mobile": "13600000001",
            "username": ""}
    response = client.post(reverse("unit:agent_add"), form)
    assert response.status_code == 200
    assert "姓名含有不可见或控制字符" in response.content.decode()
    assert not User.objects.filter(mobile="13600000001").exists()


def test_a_posted_nul_byte_is_a_bad_request(client, unit):
    client.force_login(unit.master)
    form = {"name": "钱\x00七", "id_number": factories.make_id_number("19880808", 17), "mobile": "13600000001"}
    response = client.post(reverse("unit:agent_add"), form)
    assert response.status_code == 400
    assert not User.objects.filter(mobile="13600000001").exists()


@pytest.mark.parametrize("field, message", [("name", "单位名称含有不可见或控制字符"),
                                            ("legal_rep", "法定代表人含有不可见或控制字符")])
def test_unit_registration_refuses_an_rlo_in_names(client, district, field, message):
    form = {
        "name": "新注册科技有限公司", "uscc": factories.make_uscc(902), "legal_rep": "李四", "contact_name": "王五",
        "contact_phone": "13900000001", "region": district.pk, "username": "newunit2",
        "password1": "Unit#Pass2026", "password2": "Unit#Pass2026",
    }
    form[field] = "\u202e" + form[field]
    response = client.post(reverse("accounts:register_unit"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Unit.objects.filter(uscc=form["uscc"]).exists()


def test_unit_opening_refuses_an_invisible_legal_rep_and_cleans_the_address(agent_client, opening_form):
    url = reverse("unit:submission_new", kwargs={"kind": "unit_opening"})
    data = {**opening_form, "legal_rep": "李\u200b四", "client_token": "t1", "save": "1"}
    response = agent_client.post(url, data)
    assert "法定代表人含有不可见或控制字符" in response.content.decode()
    assert not Submission.objects.exists()
    data.update(legal_rep="李四", address="示范市\u202e东城区人民路1号")
    agent_client.post(url, data)
    assert UnitOpeningLine.objects.get().address == "示范市东城区人民路1号"


def test_an_imported_row_refuses_a_zero_width_name():
    values = {"id_type": "01", "id_number": factories.make_id_number("19900101", 21), "name": "张\u200b三"}
    _cleaned, errors = rows.join_row_errors(values, unit_types=["110"])
    assert ("name", "姓名含有不可见或控制字符") in errors


class SampleForm(forms.Form):
    search = forms.CharField(required=False)
    address = forms.CharField()
    note = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.PasswordInput, strip=False, required=False)


def test_every_text_field_drops_invisible_characters_but_passwords_keep_them():
    form = SampleForm({"search": "\x00\u202e", "address": "人民路\u200b1号\x00", "note": "第一行\r\n第二行\u2060",
                       "secret": "pa\u200bss"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"search": "", "address": "人民路1号", "note": "第一行\r\n第二行",
                                 "secret": "pa\u200bss"}


def test_a_required_field_of_invisible_characters_only_is_empty():
    form = SampleForm({"address": "\u200b\u202e"})
    assert not form.is_valid() and "address" in form.errors


def test_text_helpers():
    assert all(has_invisible(f"a{c}b") for c in [*INVISIBLE, "\x00"])
    assert not has_invisible("张三 Zhang-San·李")
    assert strip_invisible("a\tb\nc\u202e", multiline=True) == "a\tb\nc"
    assert strip_invisible("a\tb\nc\u202e") == "abc"
