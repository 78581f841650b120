"""参保人员: the masked list with search, filters and pages; the audited detail; tenancy; constant queries."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Person
from enrollment.models import Membership
from enrollment.services.members import unit_members_refresh
from siportal.core.models import AuditEvent
from tests import factories

from . import factories as ef

LIST = reverse("unit:members")

#: Queries of one list page, whatever the number of members: session (none when sessions are cached in Redis),
#: user with its unit and commitment letter check, the unit's insurance types, the page count, the page's
#: persons, their memberships, the menu's 待办 count. No session write: the idle timeout renews the session at
#: most once a minute.
LIST_QUERIES = 6 if settings.REDIS_URL else 7  # with Redis the session is read from the cache


def table(response) -> str:
    """The list's table, without the search box that echoes the query."""
    page = response.content.decode()
    return page[page.index("members-table"):]


def detail_url(person):
    return reverse("unit:member_detail", kwargs={"pk": person.pk})


@pytest.mark.django_db
def test_the_list_masks_ids_and_phones_and_shows_status_per_type(agent_client, staff, agent, district_reviewer):
    ef.stop(agent, district_reviewer, staff[1:], reason="28", types=["410"])
    page = agent_client.get(LIST).content.decode()
    for person in staff:
        assert person.name in page and person.id_number not in page
        assert f"{person.id_number[:6]}********{person.id_number[-4:]}" in page
    assert "参保缴费" in page and "暂停缴费" in page
    for short in ("养老", "失业", "医疗", "工伤", "生育"):
        assert short in page


@pytest.mark.django_db
def test_phones_are_masked_in_the_list_and_full_on_the_detail(agent_client, staff):
    Person.objects.filter(pk=staff[0].pk).update(mobile="13812345678")
    assert "138****5678" in agent_client.get(LIST).content.decode()
    assert "13812345678" not in agent_client.get(LIST).content.decode()
    assert "13812345678" in agent_client.get(detail_url(staff[0])).content.decode()


@pytest.mark.django_db
def test_search_by_name_or_id_and_filter_by_status_and_type(agent_client, staff, agent, district_reviewer):
    ef.stop(agent, district_reviewer, staff[1:], reason="28", types=["410"])
    zhang, li = staff
    assert li.name not in table(agent_client.get(LIST, {"q": zhang.name}))
    page = table(agent_client.get(LIST, {"q": li.id_number[-8:].lower()}))
    assert li.name in page and zhang.name not in page
    suspended = table(agent_client.get(LIST, {"status": "2"}))
    assert li.name in suspended and zhang.name not in suspended
    injury_paying = table(agent_client.get(LIST, {"status": "1", "type": "410"}))
    assert zhang.name in injury_paying and li.name not in injury_paying
    assert "没有符合条件的人员" in agent_client.get(LIST, {"q": "不存在的人"}).content.decode()


@pytest.mark.django_db
def test_the_detail_shows_the_full_record_and_history_and_is_audited(agent_client, staff, agent,
                                                                      district_reviewer):
    submission = ef.stop(agent, district_reviewer, staff[:1], reason="29", types=["110"])
    page = agent_client.get(detail_url(staff[0])).content.decode()
    assert staff[0].id_number in page and "汉族" in page and "本市城镇户口" in page
    assert "辞退" in page and "新参保" in page and submission.number in page
    assert "参保缴费 → 暂停缴费" in page or "参保缴费 &rarr; 暂停缴费" in page
    event = AuditEvent.objects.get(action="person.viewed")
    assert event.actor == agent and event.object_id == str(staff[0].pk)


@pytest.mark.django_db
def test_foreign_and_unrelated_person_ids_are_404(agent_client, staff, foreign_opened, foreign_agent,
                                                  city_reviewer):
    row = ef.join_row(name="孙八")
    ef.enrol(foreign_agent, city_reviewer, [row])
    foreign = Person.objects.get(id_number=row["id_number"])
    loner = factories.person(id_number=ef.id_number(), name="无单位")
    assert agent_client.get(detail_url(foreign)).status_code == 404
    assert agent_client.get(detail_url(loner)).status_code == 404
    assert foreign.name not in table(agent_client.get(LIST, {"q": foreign.name}))
    assert not AuditEvent.objects.filter(action="person.viewed").exists()


@pytest.mark.django_db
def test_an_empty_unit_says_how_to_start(agent_client, opened):
    page = agent_client.get(LIST).content.decode()
    assert "还没有参保人员" in page and reverse("unit:enrol_new") in page


@pytest.mark.django_db
def test_the_master_account_cannot_see_the_staff(client, master, staff):
    client.force_login(master)
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url(staff[0])).status_code == 403


def _bulk_members(unit, submission, n):
    persons = Person.objects.bulk_create(
        [Person(id_type="99", id_number=f"BULK{unit.pk:03d}{i:07d}", name=f"职工{i:05d}", mobile=f"139{i:08d}")
         for i in range(n)], batch_size=2000)
    Membership.objects.bulk_create(
        [Membership(person=p, unit=unit, insurance_type=t, status="1" if i % 10 else "2",
                    start_month=ef.this_month(-1), last_action="enrol", last_submission=submission)
         for i, p in enumerate(persons) for t in ("110", "310")], batch_size=2000)
    unit_members_refresh(unit=unit)  # rows loaded around the services: rebuild the list's stored rows


@pytest.mark.django_db
def test_the_list_keeps_a_constant_number_of_queries_under_10000_members(
        agent_client, staff, agent, django_assert_num_queries, settings):
    settings.DATA_VERSIONS = False  # the queries of a page computed afresh (the hall's counts are cached otherwise)
    submission = Membership.objects.filter(unit=agent.unit).first().last_submission
    agent_client.get(LIST)  # the session's first renewal after the login
    with django_assert_num_queries(LIST_QUERIES):
        small = agent_client.get(LIST)
    assert small.status_code == 200
    _bulk_members(agent.unit, submission, 10_000)
    with django_assert_num_queries(LIST_QUERIES):
        page = agent_client.get(LIST).content.decode()
    assert "共 10002 条" in page
    with django_assert_num_queries(LIST_QUERIES):
        page = agent_client.get(LIST, {"status": "2", "type": "310", "page": "3"}).content.decode()
    assert "共 1000 条" in page and "第 3 / 50 页" in page
    with django_assert_num_queries(LIST_QUERIES):
        page = agent_client.get(LIST, {"q": "职工0999"}).content.decode()
    assert "职工09990" in page and "139****9990" in page


@pytest.mark.django_db
def test_centre_staff_see_memberships_of_their_regions_read_only(client, staff, foreign_opened, foreign_agent,
                                                                  city_reviewer, other_reviewer):
    from django.contrib.auth.models import Permission

    for reviewer in (city_reviewer, other_reviewer):
        reviewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_membership"]))
    client.force_login(city_reviewer)
    changelist = client.get(reverse("admin:enrollment_membership_changelist")).content.decode()
    assert staff[0].name in changelist and staff[0].id_number not in changelist
    membership = Membership.objects.filter(person=staff[0]).first()
    change = client.get(reverse("admin:enrollment_membership_change", args=[membership.pk])).content.decode()
    assert "新参保" in change
    client.force_login(other_reviewer)  # 西城区: the staff are in 东城区
    assert staff[0].name not in client.get(reverse("admin:enrollment_membership_changelist")).content.decode()


@pytest.mark.django_db
def test_members_list_is_in_the_menu_once_the_unit_is_opened(client, district):
    closed = factories.agent(factories.unit(region=district))
    opened = factories.agent(factories.unit(region=district, opened=True))
    members_url = reverse("unit:members")
    client.force_login(closed)
    assert members_url not in client.get(reverse("unit:todo")).content.decode()
    client.force_login(opened)
    assert members_url in client.get(reverse("unit:todo")).content.decode()


@pytest.mark.django_db
def test_the_detail_page_with_full_ids_is_never_cached(agent_client, staff):
    response = agent_client.get(detail_url(staff[0]))
    assert staff[0].id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
def test_the_person_changed_last_comes_first_and_the_total_follows_approvals(agent_client, staff, agent,
                                                                              district_reviewer, monkeypatch):
    monkeypatch.setattr("enrollment.views.members.PAGE_SIZE", 2)  # a pager, with its total, from 3 persons
    zhang, li = staff
    ef.stop(agent, district_reviewer, [zhang], reason="28", types=["410"])
    page = table(agent_client.get(LIST))
    assert page.index(zhang.name) < page.index(li.name)
    ef.stop(agent, district_reviewer, [li], reason="28", types=["410"])
    page = table(agent_client.get(LIST))
    assert page.index(li.name) < page.index(zhang.name)
    ef.enrol(agent, district_reviewer, [ef.join_row(name="王五", start_month=ef.this_month(-1))])
    first, second = table(agent_client.get(LIST)), table(agent_client.get(LIST, {"page": "2"}))
    assert first.index("王五") < first.index(li.name) and zhang.name in second
    assert "共 3 条" in first
