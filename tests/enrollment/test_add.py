"""增员 and the one-paying-unit rule: look up by ID, masked record, refusals naming the other unit masked."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import Person
from enrollment.models import JoinLine, Membership
from reviews.models import Submission
from reviews.services import TransitionRefused, submission_transition
from siportal.core.models import AuditEvent

from . import factories as ef

NEW = reverse("unit:add_new")


@pytest.fixture
def elsewhere(foreign_opened, foreign_agent, city_reviewer):
    """赵六, enrolled and paying every type at 外单位有限公司."""
    row = ef.join_row(name="赵六")
    ef.enrol(foreign_agent, city_reviewer, [row])
    return Person.objects.get(id_number=row["id_number"])


def lookup(client, person, url=NEW):
    return client.get(url, {"id_type": person.id_type, "id_number": person.id_number})


def add_post(person, **overrides):
    data = {"id_type": person.id_type, "id_number": person.id_number, "employment_form": "1", "wage": "8000",
            "insurance_types": ["110", "210", "310", "410", "510"], "start_month": ef.this_month()}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_lookup_shows_the_masked_record_and_is_audited(agent_client, opened, elsewhere, agent):
    page = lookup(agent_client, elsewhere).content.decode()
    assert "赵*" in page and "赵六" not in page
    record = page[page.index("person-record"):]
    assert elsewhere.id_number[:6] + "********" + elsewhere.id_number[-4:] in record
    assert "外单***公司" in page and "参保缴费" in page  # where they pay, masked
    assert AuditEvent.objects.filter(action="person.looked_up", actor=agent, object_id=str(elsewhere.pk)).exists()


@pytest.mark.django_db
def test_unknown_id_points_to_new_enrolment(agent_client, opened):
    page = agent_client.get(NEW, {"id_type": "01", "id_number": ef.id_number()}).content.decode()
    assert "人员库中没有该证件号码的人员" in page and reverse("unit:enrol_new") in page


@pytest.mark.django_db
def test_someone_paying_elsewhere_is_refused_with_the_masked_unit_and_the_month(agent_client, opened, elsewhere):
    page = agent_client.post(NEW, add_post(elsewhere)).content.decode()
    month = ef.this_month()
    assert "该人员正在外单***公司参加企业职工基本养老保险缴费" in page
    assert f"停保年月不晚于{month[:4]}年{month[4:]}月" in page
    assert "外单位有限公司" not in page
    assert not JoinLine.objects.filter(submission__kind="staff_add").exists()
    assert not Submission.objects.filter(kind="staff_add").exists()  # no empty draft left behind


@pytest.mark.django_db
def test_after_the_other_unit_stops_the_person_is_added_and_pays_here(
        agent_client, opened, elsewhere, foreign_agent, city_reviewer, agent, district_reviewer):
    ef.stop(foreign_agent, city_reviewer, [elsewhere], reason="28")
    response = agent_client.post(NEW, {**add_post(elsewhere), "client_token": "a1"}, follow=True)
    assert "已添加赵六" in response.content.decode()
    line = JoinLine.objects.get(submission__kind="staff_add")
    assert line.person == elsewhere and line.name == "赵六" and line.submission.kind == "staff_add"
    assert Membership.objects.filter(unit=opened).count() == 0  # nothing before approval
    ef.approve(line.submission, agent, district_reviewer)
    assert ef.statuses(elsewhere, opened) == {t: "1" for t in ("110", "210", "310", "410", "510")}
    assert set(ef.statuses(elsewhere, foreign_agent.unit).values()) == {"2"}
    assert Person.objects.filter(id_number=elsewhere.id_number).count() == 1  # no second person


@pytest.mark.django_db
def test_start_month_before_the_old_units_stop_month_is_refused(agent_client, opened, elsewhere, foreign_agent,
                                                                city_reviewer):
    ef.stop(foreign_agent, city_reviewer, [elsewhere], reason="28", month=ef.this_month(1))
    page = agent_client.post(NEW, add_post(elsewhere, start_month=ef.this_month())).content.decode()
    assert "参保年月不能早于" in page


@pytest.mark.django_db
def test_a_person_suspended_here_is_offered_resume(agent_client, staff, agent, district_reviewer):
    ef.stop(agent, district_reviewer, [staff[0]], reason="28")
    page = agent_client.post(NEW, add_post(staff[0])).content.decode()
    assert "请办理“续保”" in page


@pytest.mark.django_db
def test_approval_checks_the_rule_again(opened, elsewhere, agent, district_reviewer, foreign_agent, city_reviewer):
    ef.stop(foreign_agent, city_reviewer, [elsewhere], reason="28")
    row = {**ef.join_row(id_number=elsewhere.id_number), "insurance_types": ["110"]}
    submission = ef.enrol(agent, district_reviewer, [row], kind="staff_add", approve_it=False)
    submission_transition(submission_id=submission.pk, action="submit", by=agent)
    submission_transition(submission_id=submission.pk, action="take", by=district_reviewer)
    ef.resume(foreign_agent, city_reviewer, [elsewhere])  # meanwhile the old unit takes them back
    with pytest.raises(TransitionRefused, match="外单\\*\\*\\*公司"):
        submission_transition(submission_id=submission.pk, action="approve", by=district_reviewer)
    submission.refresh_from_db()
    assert submission.state == "in_review"
    assert not Membership.objects.filter(unit=opened).exists()


@pytest.mark.django_db
def test_the_database_allows_one_paying_membership_per_type(staff, foreign_opened, foreign_agent):
    mine = Membership.objects.filter(person=staff[0], insurance_type="110").get()
    with pytest.raises(IntegrityError):
        Membership.objects.create(person=staff[0], unit=foreign_opened, insurance_type="110", status="1",
                                  start_month=ef.this_month(), last_action="add", last_submission=mine.last_submission)


@pytest.mark.django_db
def test_a_suspended_membership_elsewhere_does_not_block(staff, foreign_opened):
    mine = Membership.objects.filter(person=staff[0], insurance_type="110").get()
    Membership.objects.create(person=staff[0], unit=foreign_opened, insurance_type="110", status="2",
                              start_month=ef.this_month(-2), stop_month=ef.this_month(-1), last_action="stop",
                              last_submission=mine.last_submission)


@pytest.mark.django_db
def test_add_page_opens_with_its_steps(agent_client, opened):
    page = agent_client.get(NEW).content.decode()
    assert "按证件号码查找人员" in page and "增员" in page


@pytest.mark.django_db
def test_a_dead_person_cannot_be_added(agent_client, opened, elsewhere, foreign_agent, city_reviewer):
    ef.stop(foreign_agent, city_reviewer, [elsewhere], reason="32")
    page = agent_client.post(NEW, add_post(elsewhere)).content.decode()
    assert "已办理死亡终止缴费" in page


@pytest.mark.django_db
def test_the_add_draft_page_lists_the_person_added(agent_client, staff, agent, district_reviewer,
                                                   foreign_opened, foreign_agent, city_reviewer):
    row = ef.join_row(name="钱多多", start_month=ef.this_month(-2))
    ef.enrol(foreign_agent, city_reviewer, [row])
    person = Person.objects.get(name="钱多多")
    ef.stop(foreign_agent, city_reviewer, [person], reason="28", month=ef.this_month(-1))
    agent_client.post(NEW, {**add_post(person), "client_token": "a2"})
    submission = Submission.objects.get(kind="staff_add")
    page = agent_client.get(reverse("unit:add_edit", kwargs={"pk": submission.pk})).content.decode()
    assert "钱多多" in page and "提交审批" in page
