"""Crafted GET parameters (NUL, RLO, zero-width, non-numbers, huge numbers) never give a 5xx.

The pages are enumerated, not listed: every hall URL from the URL resolver (unit hall, individual hall, public
pages) and every changelist of ``admin.site._registry``, so a page added later is covered without editing this.
"""

import re

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reviews.imports.spec import all_imports
from reviews.services import submission_transition
from tests import factories

pytestmark = pytest.mark.django_db

CRAFTED = ["\x00", "\u202e", "\u200b", "abc", "-1", "99999999999999999999"]
# Parameters the hall pages read (search, paging, filters, sorting, 增员 look-up); sent all at once per value.
HALL_PARAMS = ["q", "page", "state", "kind", "region", "status", "type", "o", "p", "id_type", "id_number",
               "name", "date", "month", "start", "end", "next"]
ADMIN_EXTRA_PARAMS = ["q", "o", "p"]
PUBLIC_NAMES = {"home", "demo_outbox"}
HALLS = {"unit", "me", "accounts"}


def _routes(patterns, namespace="", prefix=""):
    """(namespace, url name, route pattern) of every named route below ``patterns``."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, entry.namespace or namespace, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry.name, prefix + str(entry.pattern)


def hall_routes():
    routes = []
    for namespace, name, route in _routes(get_resolver().url_patterns):
        if namespace in HALLS or (not namespace and name in PUBLIC_NAMES):
            routes.append((namespace, name, route))
    return routes


def _kwargs(route, ids):
    """Values for a route's converters: a real object of the owner where one exists (so the page renders)."""
    kwargs = {}
    for converter, key in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        if converter == "int":
            kwargs[key] = ids.get(key, 1)
        else:
            kwargs[key] = ids.get(key, "abc")
    return kwargs


@pytest.fixture
def halls(agent, master, opening_submission, settings):
    settings.DEMO_MODE = True  # the demo outbox is a public page then
    person = factories.person()
    individual = factories.individual(person)
    clients = {"unit": [Client(), Client()], "me": [Client()], "accounts": [Client()], "": [Client()]}
    clients["unit"][0].force_login(agent)
    clients["unit"][1].force_login(master)
    clients["me"][0].force_login(individual)
    imports = all_imports()
    ids = {"pk": opening_submission.pk, "kind": opening_submission.kind, "action": "submit", "line": 1,
           "code": imports[0].code if imports else "abc"}
    return clients, ids


def test_every_hall_route_is_enumerated():
    names = {f"{ns}:{name}" if ns else name for ns, name, _route in hall_routes()}
    assert {"home", "unit:home", "unit:submissions", "unit:members", "unit:imports", "me:home",
            "me:submissions", "accounts:login", "accounts:register_person"} <= names


@pytest.mark.parametrize("value", CRAFTED, ids=repr)
def test_hall_pages_never_fail_on_crafted_parameters(halls, value):
    clients, ids = halls
    failures = []
    for namespace, name, route in hall_routes():
        url = reverse(f"{namespace}:{name}" if namespace else name, kwargs=_kwargs(route, ids))
        for client in clients[namespace]:
            response = client.get(url, {param: value for param in HALL_PARAMS})
            if response.status_code >= 500:
                failures.append((url, response.status_code))
            if response.status_code != 403:  # the master account's pages are tried with the master's client
                break
    assert not failures


def _admin_parameters(model_admin, superuser):
    """The GET parameters a changelist understands: its filters' own, the date hierarchy's, search, order, page."""
    request = RequestFactory().get("/")
    request.user = superuser
    changelist = model_admin.get_changelist_instance(request)
    params = list(ADMIN_EXTRA_PARAMS)
    for spec in changelist.filter_specs:
        params.extend(spec.expected_parameters())
    if model_admin.date_hierarchy:
        params.extend(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return params


@pytest.fixture
def superuser_client(client, opening_submission, city, district):
    superuser = factories.user(is_staff=True, is_superuser=True, username="root")
    client.force_login(superuser)
    return client, superuser


@pytest.mark.parametrize("value", CRAFTED, ids=repr)
def test_admin_changelists_never_fail_on_crafted_parameters(superuser_client, value):
    client, superuser = superuser_client
    failures = []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for param in _admin_parameters(model_admin, superuser):
            response = client.get(url, {param: value})
            if response.status_code >= 500:
                failures.append((url, param, response.status_code))
    assert not failures


def test_a_non_integer_region_filter_gives_a_page_not_a_500(superuser_client):
    """The queue's own district filter treats a value that is no region id as matching nothing."""
    client, _superuser = superuser_client
    url = reverse("admin:reviews_submission_changelist")
    response = client.get(url, {"region": "abc"}, follow=True)
    assert response.status_code == 200
    assert "业务审核队列" in response.content.decode()


def test_invisible_characters_in_a_search_are_dropped(agent, agent_client, opening_submission):
    submission = submission_transition(submission_id=opening_submission.pk, action="submit", by=agent)
    crafted = "\u200b" + submission.number + "\x00\u202e"
    response = agent_client.get(reverse("unit:submissions"), {"q": crafted})
    assert response.status_code == 200
    page = response.content.decode()
    assert submission.number in page and "\u202e" not in page and "\u200b" not in page
