"""Uploaded and generated files are never served statically: only views that check the owner (or the staff
member's region) serve them, with no-store; stored names are unguessable; pages with full IDs send no-store."""

import importlib

import pytest
from django.contrib.auth.models import Permission
from django.urls import clear_url_caches, reverse

from accounts.models import CommitmentLetter
from tests import factories
from tests.accounts.conftest import PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls(settings):
    """The URL map as ``make run`` builds it, with DEBUG on."""
    import siportal.urls

    settings.DEBUG = True
    importlib.reload(siportal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(siportal.urls)
    clear_url_caches()


def uploaded_scan(client, unit) -> CommitmentLetter:
    client.force_login(unit.master)
    client.post(reverse("unit:commitment"), {"file": upload("scan.png", PNG)})
    return unit.commitment_letters.order_by("-id").first()


def assert_private(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_demo_outbox_is_not_stored(client, settings):
    settings.DEMO_MODE = True
    assert "no-store" in client.get(reverse("demo_outbox"))["Cache-Control"]


def test_media_is_not_served_even_with_debug_on(client, unit, debug_urls):
    letter = uploaded_scan(client, unit)
    assert letter.file.storage.exists(letter.file.name)
    client.logout()
    assert client.get("/media/" + letter.file.name).status_code == 404
    client.force_login(unit.master)
    assert client.get("/media/" + letter.file.name).status_code == 404


def test_stored_names_are_unguessable(client, unit):
    letter = uploaded_scan(client, unit)
    name = letter.file.name
    assert not name.startswith(f"commitments/{unit.pk}/") and unit.uscc not in name
    assert len(name.rsplit("/", 1)[-1].split(".")[0]) >= 24  # 144 random bits


def test_the_hall_serves_a_scan_to_its_unit_only(client, unit, foreign_unit):
    letter = uploaded_scan(client, unit)
    response = client.get(reverse("unit:commitment_file", args=[letter.pk]))
    assert_private(response)
    assert "attachment" in response["Content-Disposition"]  # an image: downloaded, never rendered
    client.force_login(foreign_unit.master)
    assert client.get(reverse("unit:commitment_file", args=[letter.pk])).status_code == 404


def test_the_admin_serves_a_scan_within_the_staff_region_only(client, unit, district, other_district):
    letter = uploaded_scan(client, unit)
    url = reverse("admin:accounts_commitmentletter_file", args=[letter.pk])
    view = Permission.objects.get(codename="view_commitmentletter")
    here, elsewhere = factories.reviewer(district), factories.reviewer(other_district)
    here.user_permissions.add(view)
    elsewhere.user_permissions.add(view)
    client.force_login(here)
    page = client.get(reverse("admin:accounts_commitmentletter_change", args=[letter.pk])).content.decode()
    assert url in page and "/media/" not in page
    assert_private(client.get(url))
    client.force_login(elsewhere)
    assert client.get(url).status_code == 404
