"""死亡终止缴费 and 单位信息变更: single-line kinds on the kernel's generic form."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Unit
from enrollment.models import DeathLine, Membership, UnitChangeLine, UnitProfile
from reviews.models import Submission
from reviews.services import submission_transition
from siportal.core.models import AuditEvent
from siportal.core.validators import month_add, month_of

from . import factories as ef

DEATH = reverse("unit:submission_new", kwargs={"kind": "staff_death"})
CHANGE = reverse("unit:submission_new", kwargs={"kind": "unit_change"})


def death_post(person, when, **extra):
    return {"id_type": person.id_type, "id_number": person.id_number, "death_date": when.isoformat(),
            "client_token": extra.pop("token", ""), **extra}


@pytest.mark.django_db
def test_death_terminates_every_membership_in_the_unit_from_the_next_month(agent_client, staff, agent,
                                                                          district_reviewer):
    ef.stop(agent, district_reviewer, staff[:1], reason="28", month=ef.this_month(-1), types=["410"])
    when = timezone.localdate() - timedelta(days=3)
    response = agent_client.post(DEATH, death_post(staff[0], when, submit="1"), follow=True)
    assert "已提交" in response.content.decode()
    submission = Submission.objects.get(kind="staff_death")
    assert set(ef.statuses(staff[0]).values()) == {"1", "2"}  # nothing before approval
    submission_transition(submission_id=submission.pk, action="take", by=district_reviewer)
    submission_transition(submission_id=submission.pk, action="approve", by=district_reviewer)
    after = month_add(month_of(when), 1)
    rows = {m.insurance_type: (m.status, m.stop_month, m.reason) for m in Membership.objects.filter(person=staff[0])}
    assert rows["410"] == ("3", ef.this_month(-1), "32")  # an earlier suspension keeps its month
    assert {v for k, v in rows.items() if k != "410"} == {("3", after, "32")}
    assert set(ef.statuses(staff[1]).values()) == {"1"}
    page = agent_client.get(reverse("unit:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert staff[0].name in page and when.strftime("%Y-%m-%d") in page


@pytest.mark.django_db
def test_death_form_refuses_strangers_and_future_dates(agent_client, staff, foreign_opened, foreign_agent,
                                                       city_reviewer):
    row = ef.join_row()
    ef.enrol(foreign_agent, city_reviewer, [row])
    from accounts.models import Person

    stranger = Person.objects.get(id_number=row["id_number"])
    page = agent_client.post(DEATH, death_post(stranger, timezone.localdate(), save="1")).content.decode()
    assert "本单位参保人员中没有该证件号码的人员" in page
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = agent_client.post(DEATH, death_post(staff[0], tomorrow, save="1")).content.decode()
    assert "死亡日期不能晚于今天" in page
    assert not DeathLine.objects.exists()


@pytest.mark.django_db
def test_death_page_opens(agent_client, opened):
    page = agent_client.get(DEATH).content.decode()
    assert "死亡终止缴费" in page and "死亡日期" in page and "data-confirm-submit" in page


CHANGE_FORM = {"address": "示范市西城区新街1号", "postal_code": "990002", "contact_name": "钱七",
               "contact_phone": "13911112222", "industry": "软件和信息技术服务业", "injury_class": "2",
               "bank_name": "示范银行西城支行", "bank_account": "6222020200998877"}


@pytest.mark.django_db
def test_unit_change_page_shows_key_fields_read_only_with_current_values(agent_client, opened):
    page = agent_client.get(CHANGE).content.decode()
    assert opened.name in page and opened.uscc in page and "到经办机构柜台办理" in page
    assert 'name="name"' not in page and 'name="uscc"' not in page
    assert "示范银行东城支行" in page  # the current bank, from the opening


@pytest.mark.django_db
def test_unit_change_without_changes_is_refused(agent_client, opened):
    profile = UnitProfile.objects.get(unit=opened)
    same = {"address": opened.address, "postal_code": profile.postal_code, "contact_name": opened.contact_name,
            "contact_phone": opened.contact_phone, "industry": profile.industry, "injury_class": profile.injury_class,
            "bank_name": profile.bank_name, "bank_account": profile.bank_account, "save": "1"}
    assert "没有变更任何信息" in agent_client.post(CHANGE, same).content.decode()


@pytest.mark.django_db
def test_unit_change_applies_on_approval_keeping_old_values(agent_client, opened, agent, district_reviewer):
    agent_client.post(CHANGE, {**CHANGE_FORM, "client_token": "c1", "submit": "1"})
    submission = Submission.objects.get(kind="unit_change")
    assert submission.state == "submitted"
    unit = Unit.objects.get(pk=opened.pk)
    assert unit.address == "示范市东城区人民路1号"  # not before approval
    reviewer = Client()
    reviewer.force_login(district_reviewer)
    review = reviewer.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()
    assert "示范市东城区人民路1号" in review and "示范市西城区新街1号" in review  # old and new side by side
    submission_transition(submission_id=submission.pk, action="take", by=district_reviewer)
    submission_transition(submission_id=submission.pk, action="approve", by=district_reviewer)
    unit.refresh_from_db()
    profile = UnitProfile.objects.get(unit=unit)
    assert (unit.address, unit.contact_name, unit.contact_phone) == ("示范市西城区新街1号", "钱七", "13911112222")
    assert (profile.bank_name, profile.injury_class, profile.updated_by_id) == ("示范银行西城支行", 2, submission.pk)
    assert unit.name and unit.uscc == opened.uscc
    line = UnitChangeLine.objects.get(submission=submission)
    assert line.old_values["address"] == "示范市东城区人民路1号" and line.old_values["injury_class"] == 1
    assert AuditEvent.objects.filter(action="unit.changed", object_id=str(unit.pk)).exists()
    detail = agent_client.get(reverse("unit:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert "变更前" in detail and "示范市东城区人民路1号" in detail and "已于" in detail


@pytest.mark.django_db
def test_one_unit_change_at_a_time(agent_client, opened):
    agent_client.post(CHANGE, {**CHANGE_FORM, "save": "1"})
    first = Submission.objects.get(kind="unit_change")
    response = agent_client.get(CHANGE)
    assert response["Location"] == reverse("unit:submission_edit", kwargs={"pk": first.pk})
