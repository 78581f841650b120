"""``siportal.core.db.one_row``: a single-row query compiled to SQL once per process and key, run for each value."""

import pytest

from accounts.models import Region
from siportal.core import db

pytestmark = pytest.mark.django_db


def test_the_statement_is_compiled_once_and_run_for_each_value(city, district, other_district):
    built = []

    def build(region_id):
        built.append(region_id)
        return Region.objects.filter(pk=region_id).values("name", "code")

    key = ("test_one_row", id(build))
    assert db.one_row(key, build, district.pk) == {"name": "东城区", "code": "990101"}
    assert db.one_row(key, build, other_district.pk) == {"name": "西城区", "code": "990102"}
    assert built == [db.PLACEHOLDER_ID]  # compiled once, with the placeholder, never with a real value
    assert db.one_row(key, build, -1) == {}
