"""Centre administrators configure policies in the admin: one page holds the policy, its items, work-injury rates
and grades; staff see only the policies of their regions."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Permission

from contributions.models import Policy
from tests import factories

from . import factories as f

pytestmark = pytest.mark.django_db


def _inline(prefix, rows=()):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{k}": v for k, v in row.items()})
    return data


def test_administrator_adds_a_policy_with_items_grades_and_injury_rates(client, city):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    data = {"region": city.pk, "start_month": "202501", "name": "2025年标准", "average_wage": "8000",
            "floor_percent": "60", "ceiling_percent": "300", "declare_from_day": "1", "declare_to_day": "15",
            "due_day": "15", "late_fee_daily_rate": "0.0005", "undeclared_rule": "percent",
            "undeclared_percent": "110",
            **_inline("items", [{"category": "employee", "order": "1", "insurance_type": "110", "name": "养老保险",
                                 "base_source": "wage", "unit_rate": "16", "personal_rate": "8",
                                 "base_rounding": "none", "amount_rounding": "jiao_up", "account_percent": "100"}]),
            **_inline("injury_rates", [{"industry_class": "1", "rate": "0.2"}]),
            **_inline("grades", [{"name": "一档", "percent": "60"}])}
    response = client.post("/admin/contributions/policy/add/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    policy = Policy.objects.get(start_month="202501")
    assert (policy.floor, policy.ceiling) == (D("4800"), D("24000"))
    assert policy.items.get().amount_rounding == "jiao_up"
    assert policy.injury_rates.get().rate == D("0.2") and policy.grades.get().percent == D("60")


def test_bad_policy_month_is_refused_with_a_message(client, city):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    data = {"region": city.pk, "start_month": "202513", "average_wage": "8000", "floor_percent": "60",
            "ceiling_percent": "300", "declare_from_day": "1", "declare_to_day": "15", "due_day": "15",
            "late_fee_daily_rate": "0.0005", "undeclared_rule": "last", "undeclared_percent": "100",
            **_inline("items"), **_inline("injury_rates"), **_inline("grades")}
    response = client.post("/admin/contributions/policy/add/", data)
    assert response.status_code == 200
    assert "月份应为01-12" in response.content.decode()
    assert not Policy.objects.exists()


def test_staff_see_policies_of_their_regions_only(client, city, district, other_district):
    f.policy(district, "202401", name="东城政策")
    f.policy(other_district, "202401", name="西城政策")
    staff = factories.reviewer(district)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="contributions"))
    client.force_login(staff)
    page = client.get("/admin/contributions/policy/").content.decode()
    assert "东城政策" in page and "西城政策" not in page
    for path in ("/admin/contributions/receivable/", "/admin/contributions/wagebase/",
                 "/admin/contributions/assessmentrun/"):
        assert client.get(path).status_code == 200
        assert client.get(path, {"q": "张三"}).status_code == 200
