"""A hall page costs a small, fixed number of queries, whatever the unit holds: the user comes with its unit,
region and commitment letter in one query, the 待办 count and the menu's facts in one more, and with Redis the
session is read from the cache. The menu built once per process still follows the owner's state."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.services import submission_create
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOME = reverse("unit:home")
TODO = reverse("unit:todo")


def page_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries]


def session_reads(queries) -> int:
    return sum(1 for sql in queries if "django_session" in sql)


def log_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_the_unit_home_page_runs_three_queries_at_most(client, agent, settings):
    settings.DATA_VERSIONS = False  # computed afresh (with data versions the counts are cached: one query)
    log_in(client, agent)
    page_queries(client, HOME)
    queries = page_queries(client, HOME)
    # session (none with Redis), the user with its unit, the 待办 count with the menu's facts
    assert len(queries) - session_reads(queries) == 2, queries


def test_the_query_count_does_not_grow_with_the_unit(client, agent, settings):
    settings.DATA_VERSIONS = False
    log_in(client, agent)
    submission_create(kind="unit_opening", by=agent, unit=agent.unit)
    before = len(page_queries(client, TODO))
    for _ in range(3):
        submission_create(kind="unit_opening", by=agent, unit=agent.unit)
    assert len(page_queries(client, TODO)) == before


def test_the_menu_badge_follows_the_todo_count(client, agent):
    log_in(client, agent)
    assert 'class="badge rounded-pill' not in client.get(HOME).content.decode()
    submission_create(kind="unit_opening", by=agent, unit=agent.unit)
    page = client.get(HOME).content.decode()
    assert '<span class="badge rounded-pill text-bg-danger">1</span>' in page
    todo = client.get(TODO).content.decode()
    assert f'<a class="nav-link active" href="{TODO}">待办' in todo


@pytest.mark.redis
def test_with_redis_a_page_reads_the_session_from_the_cache(client, agent):
    from importlib import import_module

    from django.contrib.sessions.backends.cached_db import SessionStore as CachedDB

    assert issubclass(import_module(settings.SESSION_ENGINE).SessionStore, CachedDB)
    log_in(client, agent)
    client.get(HOME)
    assert session_reads(page_queries(client, HOME)) == 0


@pytest.mark.redis
def test_with_redis_logging_out_ends_the_session_everywhere(client, agent):
    log_in(client, agent)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = cookie  # an old copy of the cookie, e.g. another tab or a stolen one
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_reviewer_queue_reads_permissions_in_one_query(client, district_reviewer):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="审核组")
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    district_reviewer.groups.add(group)
    client.force_login(district_reviewer)
    queries = page_queries(client, reverse("admin:reviews_submission_changelist"))
    assert sum(1 for sql in queries if 'FROM "auth_permission"' in sql) == 1
    # a permission held only through the group still counts
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200


def test_the_task_lists_look_for_import_jobs_only_when_one_is_open(client, agent):
    from siportal.core.models import Job

    log_in(client, agent)
    job_reads = '"core_job"."file_name"'  # the jobs' rows, read (the counts only ask whether one exists)
    assert not any(job_reads in sql for sql in page_queries(client, TODO))
    Job.objects.create(kind="import:staff_add", created_by=agent, unit=agent.unit, status=Job.Status.RUNNING,
                       file_name="增员.xlsx")
    queries = page_queries(client, TODO)
    assert sum(1 for sql in queries if job_reads in sql) == 1
    assert [job.file_name for job in client.get(TODO).context["open_jobs"]] == ["增员.xlsx"]
