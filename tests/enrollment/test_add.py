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


def lookup(client, person, url=NEW, name=None, method="post"):
    data = {"id_type": person.id_type, "id_number": person.id_number, "name": person.name if name is None else name}
    if method == "get":
        return client.get(url, data)
    return client.post(url, {**data, "lookup": "1"})


def add_post(person, **overrides):
    data = {"id_type": person.id_type, "id_number": person.id_number, "name": person.name, "employment_form": "1",
            "wage": "8000", "insurance_types": ["110", "210", "310", "410", "510"], "start_month": ef.this_month()}
    data.update(overrides)
    return data


def lookups(agent):
    return list(AuditEvent.objects.filter(action="person.looked_up", actor=agent).values_list("detail", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "get"])
def test_lookup_with_id_and_matching_name_shows_the_masked_record_and_is_audited(agent_client, opened, elsewhere,
                                                                                  agent, method):
    page = lookup(agent_client, elsewhere, method=method).content.decode()
    record = page[page.index("person-record"):page.index("第二步")]
    assert "赵*" in record and "赵六" not in record
    assert elsewhere.id_number[:6] + "********" + elsewhere.id_number[-4:] in record
    assert elsewhere.id_number not in record
    assert "外单***公司" in record and "参保缴费" in record  # where they pay, masked
    assert AuditEvent.objects.filter(action="person.looked_up", actor=agent, object_id=str(elsewhere.pk)).exists()
    assert lookups(agent)[0].endswith("lookup matched")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "get"])
def test_a_lookup_without_the_matching_name_reveals_nothing(agent_client, opened, elsewhere, agent, method):
    wrong = lookup(agent_client, elsewhere, name="赵七", method=method).content.decode()
    unknown = agent_client.post(NEW, {"id_type": "01", "id_number": ef.id_number(seq=77), "name": "赵七",
                                      "lookup": "1"}).content.decode()
    no_name = lookup(agent_client, elsewhere, name="", method=method).content.decode()
    for page in (wrong, unknown, no_name):
        assert "person-record" not in page and "赵*" not in page and "赵六" not in page
        assert "外单" not in page and "参保缴费" not in page
    message = "证件号码与姓名不一致,或人员库中没有该人员"
    assert message in wrong and message in unknown  # the same answer: it does not tell whether the ID exists
    assert "请填写" in no_name or "必填" in no_name or "这个字段是必填项" in no_name
    assert [d.split()[-1] for d in lookups(agent)] == ["no_match", "no_match"]


@pytest.mark.django_db
def test_a_name_written_with_full_width_spaces_still_matches(agent_client, opened, elsewhere):
    page = lookup(agent_client, elsewhere, name=" 赵\u3000六 ").content.decode()
    assert "person-record" in page


@pytest.mark.django_db
def test_unknown_id_points_to_new_enrolment(agent_client, opened):
    page = agent_client.post(NEW, {"id_type": "01", "id_number": ef.id_number(), "name": "某人",
                                   "lookup": "1"}).content.decode()
    assert "人员库中没有该人员" in page and reverse("unit:enrol_new") in page


@pytest.mark.django_db
def test_the_add_post_looks_the_person_up_again_and_is_audited(agent_client, opened, elsewhere, agent,
                                                               foreign_agent, city_reviewer):
    ef.stop(foreign_agent, city_reviewer, [elsewhere], reason="28")
    agent_client.post(NEW, {**add_post(elsewhere, name="赵七"), "client_token": "x"})
    assert not JoinLine.objects.filter(submission__kind="staff_add").exists()  # the hidden name cannot be bypassed
    agent_client.post(NEW, {**add_post(elsewhere), "client_token": "y"})
    assert JoinLine.objects.filter(submission__kind="staff_add", person=elsewhere).count() == 1
    assert [d.split()[-2:] for d in lookups(agent)] == [["add", "matched"], ["add", "no_match"]]


@pytest.mark.django_db
def test_lookups_are_limited_per_agent_per_day(agent_client, opened, elsewhere, agent, settings, client,
                                               foreign_agent):
    settings.PERSON_LOOKUP_DAILY_LIMIT = 3
    for name in ("赵七", "赵八", "赵六"):
        lookup(agent_client, elsewhere, name=name)
    page = lookup(agent_client, elsewhere).content.decode()
    assert "您今天已查询人员3次,达到每日上限" in page and "person-record" not in page
    assert agent_client.post(NEW, add_post(elsewhere)).content.decode().count("达到每日上限") == 1
    assert [d.split()[-1] for d in lookups(agent)] == ["limited", "limited", "matched", "no_match", "no_match"]
    client.force_login(foreign_agent)  # another agent has their own count
    assert "person-record" in lookup(client, elsewhere).content.decode()


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
    assert "按证件号码和姓名查找人员" in page and "增员" in page


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
