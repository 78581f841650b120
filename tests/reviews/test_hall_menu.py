"""The hall shows each item's state once, and its menu offers only what the unit can do or look up now."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Unit
from enrollment.models import KindCode
from reviews.services import submission_create
from tests import factories

pytestmark = pytest.mark.django_db


def row_of(page: str, number: str) -> str:
    return next(row for row in re.findall(r"<tr.*?</tr>", page, flags=re.S) if number in row)


def menu_labels(response) -> list[str]:
    return [str(item["label"]) for group in response.context["hall_menu"] for item in group["items"]]


def test_a_returned_item_carries_one_return_badge_in_todo(agent_client, make_submission):
    returned = make_submission("returned")
    row = row_of(agent_client.get(reverse("unit:todo")).content.decode(), returned.number)
    badges = re.findall(r'<span class="badge[^"]*">([^<]*)</span>', row)
    assert [b for b in badges if "回退" in b] == ["已回退"]


def test_an_unopened_unit_is_offered_only_the_opening_and_its_query(agent_client):
    labels = menu_labels(agent_client.get(reverse("unit:home")))
    assert "单位参保登记" in labels and "单位参保登记查询" in labels
    assert "单位信息变更" not in labels and "单位信息变更查询" not in labels


def test_an_opened_unit_can_change_its_info_and_look_up_its_opening(client, district):
    unit = factories.unit(region=district)
    agent = factories.agent(unit)
    submission_create(kind=KindCode.UNIT_OPENING, by=agent, unit=unit)
    Unit.objects.filter(pk=unit.pk).update(opened_at=timezone.now(), unit_number="U00000001")  # as if approved
    client.force_login(agent)
    labels = menu_labels(client.get(reverse("unit:home")))
    assert "单位信息变更" in labels and "单位信息变更查询" in labels
    assert "单位参保登记" not in labels and "单位参保登记查询" in labels
