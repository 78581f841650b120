"""Every form a user fills shows Chinese: the empty choice of a select is 请选择 everywhere, and a month field's
example is this month (例如 202611), not a format code."""

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment.models import KindCode

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_chinese_choices(html: str, url: str):
    assert "---------" not in html, url
    assert ">请选择</option>" in html, url


def test_unit_opening_form_before_opening(agent_client):
    url = reverse("unit:submission_new", kwargs={"kind": KindCode.UNIT_OPENING})
    assert_chinese_choices(page(agent_client, url), url)


def test_registration_forms(client, district):
    for name in ["accounts:register_unit", "accounts:register_person"]:
        assert_chinese_choices(page(client, reverse(name)), name)


def test_staff_forms_of_an_opened_unit(agent_client, opened, staff):
    month_example = f'placeholder="例如 {timezone.localdate():%Y%m}"'
    for url in [reverse("unit:enrol_new"), reverse("unit:stop_new"), reverse("unit:resume_new"),
                reverse("unit:submission_new", kwargs={"kind": KindCode.STAFF_DEATH}),
                reverse("unit:submission_new", kwargs={"kind": KindCode.UNIT_CHANGE})]:
        html = page(agent_client, url)
        assert "---------" not in html and "yyyyMM" not in html, url
    enrol = page(agent_client, reverse("unit:enrol_new"))
    assert_chinese_choices(enrol, "enrol")
    assert month_example in enrol
    assert month_example in page(agent_client, reverse("unit:stop_new"))
