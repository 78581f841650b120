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


def test_prepared_statements_give_the_same_rows_and_are_logged_with_their_values(city, district, other_district,
                                                                                 agent):
    """``prepared=True`` (a server-side prepared statement on PostgreSQL, a plain one elsewhere): the same rows
    for every value, run after run, and query logs show the statement with its value."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.backends import request_users

    def build(region_id):
        return Region.objects.filter(parent=region_id).order_by("code").values_list("name", flat=True)

    key = ("test_all_rows", id(build))
    for _ in range(3):
        assert db.all_rows(key, build, city.pk, prepared=True) == [("东城区",), ("西城区",)]
        assert db.all_rows(key, build, district.pk, prepared=True) == []
    with CaptureQueriesContext(connection) as queries:
        user = db.one_object(("test_one_object", id(build)), lambda pk: request_users().filter(pk=pk), agent.pk,
                             prepared=True)
    assert user == agent and user.unit == agent.unit and user.unit.region == agent.unit.region
    assert str(agent.pk) in queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":  # kept by the connection, planned once
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                           ['%"accounts_region"."parent_id" = $1%'])
            assert cursor.fetchone()[0] == 1
