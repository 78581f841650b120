"""Fixtures of the contributions tests: an opened unit with staff enrolled through the real workflow, and an
enterprise-staff policy of the city."""

from decimal import Decimal as D

import pytest

from accounts.models import Person
from tests.enrollment import factories as ef

from . import factories as f


@pytest.fixture
def opened(agent, district_reviewer):
    return ef.open_unit(agent, district_reviewer)  # injury class 1


@pytest.fixture
def staff_policy(city):
    """City policy since 2000: average wage 6,000 (floor 3,600, ceiling 18,000), five employee items."""
    p = f.policy(city, "200001", average_wage=D("6000"))
    f.employee_items(p)
    return p


@pytest.fixture
def staff(opened, agent, district_reviewer):
    """张三 (wage 6,500) and 李四 (wage 3,000, under the floor), paying every type since two months ago."""
    rows = [ef.join_row(name="张三", wage="6500.00", start_month=ef.this_month(-2)),
            ef.join_row(name="李四", wage="3000.00", start_month=ef.this_month(-2))]
    ef.enrol(agent, district_reviewer, rows)
    return list(Person.objects.filter(id_number__in=[r["id_number"] for r in rows]).order_by("name"))
