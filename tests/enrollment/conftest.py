"""Fixtures of the enrollment tests: opened units (through the real opening workflow) and enrolled staff."""

import pytest

from accounts.models import Person

from . import factories as ef


@pytest.fixture
def opened(agent, district_reviewer):
    """The agent's unit, opened for 养老, 失业, 医疗, 工伤, 生育."""
    return ef.open_unit(agent, district_reviewer)


@pytest.fixture
def foreign_opened(foreign_agent, city_reviewer):
    return ef.open_unit(foreign_agent, city_reviewer)


@pytest.fixture
def staff(opened, agent, district_reviewer):
    """Two persons enrolled in the unit two months ago and paying every type: 张三 and 李四."""
    rows = [ef.join_row(name="张三", start_month=ef.this_month(-2)),
            ef.join_row(name="李四", start_month=ef.this_month(-2))]
    ef.enrol(agent, district_reviewer, rows)
    return list(Person.objects.filter(id_number__in=[r["id_number"] for r in rows]).order_by("name"))
