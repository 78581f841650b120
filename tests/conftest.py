"""Shared fixtures and the service markers.

Tests marked ``postgres``, ``redis``, ``worker`` or ``browser`` run whenever that service is configured
(``DATABASE_URL`` on PostgreSQL, ``REDIS_URL``, Debian's chromium). With ``SIPORTAL_REQUIRE_ALL=1`` (CI) a missing
service is an error instead of a skip, so nothing is silently skipped there.
"""

import os
import shutil

import pytest
from django.conf import settings

from enrollment.models import UnitOpeningLine
from reviews.services import submission_create
from tests import factories


def _service_missing(marker: str) -> str | None:
    if marker == "postgres" and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    if marker in ("redis", "worker") and not settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://…"
    if marker == "browser" and not shutil.which(os.environ.get("CHROMIUM", "chromium")):
        return "needs Debian's chromium"
    return None


def pytest_collection_modifyitems(config, items):
    require_all = os.environ.get("SIPORTAL_REQUIRE_ALL") == "1"
    for item in items:
        for marker in ("postgres", "redis", "worker", "browser"):
            if marker in item.keywords:
                reason = _service_missing(marker)
                if reason and require_all:
                    raise pytest.UsageError(f"SIPORTAL_REQUIRE_ALL=1 but {item.nodeid} {reason}")
                if reason:
                    item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_abuse_counters(settings):
    """Each test starts with its own SMS and login counters (accounts.abuse keys carry this prefix)."""
    import uuid

    settings.ABUSE_CACHE_PREFIX = uuid.uuid4().hex


@pytest.fixture(autouse=True)
def _fresh_data_versions():
    """Each test starts from new data-version tokens (siportal.core.versions): nothing a page cached in an earlier
    test (or run, on the same Redis) is reused for rows that happen to get the same ids."""
    from siportal.core import versions

    versions.forget_all()


@pytest.fixture(autouse=True)
def _data_versions_bump_in_test_transactions(monkeypatch):
    """A test wrapped in a transaction (``django_db`` without ``transaction=True``) never commits: the bumps
    ``siportal.core.versions`` runs after a commit would never run, and a page cached earlier in the test would be
    served after a write. There a bump runs at once (what the commit would do, as far as the test can see); tests
    with real commits (``transaction=True``, the browser tests) keep the after-commit bump."""
    from types import SimpleNamespace

    from django.db import connection, transaction

    from siportal.core import versions

    def on_commit(func, using=None, robust=False):
        blocks = connection.atomic_blocks
        if blocks and getattr(blocks[0], "_from_testcase", False):
            func()
        else:
            transaction.on_commit(func, using=using, robust=robust)

    monkeypatch.setattr(versions, "transaction", SimpleNamespace(on_commit=on_commit))


@pytest.fixture
def city(db):
    return factories.city()


@pytest.fixture
def district(city):
    return factories.district(city, code="990101", name="东城区")


@pytest.fixture
def other_district(city):
    return factories.district(city, code="990102", name="西城区")


@pytest.fixture
def unit(district):
    """A bound unit with its commitment letter, not yet opened."""
    return factories.unit(region=district)


@pytest.fixture
def agent(unit):
    return factories.agent(unit)


@pytest.fixture
def master(unit):
    return unit.master


@pytest.fixture
def foreign_unit(other_district):
    return factories.unit(region=other_district, name="外单位有限公司")


@pytest.fixture
def foreign_agent(foreign_unit):
    return factories.agent(foreign_unit)


@pytest.fixture
def city_reviewer(city):
    return factories.reviewer(city, username="reviewer_city")


@pytest.fixture
def district_reviewer(district):
    return factories.reviewer(district, username="reviewer_east")


@pytest.fixture
def other_reviewer(other_district):
    return factories.reviewer(other_district, username="reviewer_west")


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


OPENING_FORM = {
    "address": "示范市东城区人民路1号", "postal_code": "990001", "legal_rep": "李四", "contact_name": "王五",
    "contact_phone": "13900000000", "economic_type": "159", "industry": "软件和信息技术服务业",
    "injury_class": "1", "bank_name": "示范银行东城支行", "bank_account": "6222020200112233",
    "insurance_types": ["110", "210", "310", "410", "510"],
}


@pytest.fixture
def opening_form():
    return dict(OPENING_FORM)


@pytest.fixture
def opening_submission(agent):
    """A saved 单位参保登记 draft with its line."""
    submission, _ = submission_create(kind="unit_opening", by=agent, unit=agent.unit)
    data = {k: v for k, v in OPENING_FORM.items()}
    data["injury_class"] = 1
    UnitOpeningLine.objects.create(submission=submission, **data)
    return submission
