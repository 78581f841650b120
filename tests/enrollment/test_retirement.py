"""The statutory retirement age closes pension enrolment (新参保 by form and import, 增员): the ages of the 2025
gradual raise (全国人大常委会关于实施渐进式延迟法定退休年龄的决定, annex tables) at their boundaries."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Person
from enrollment import rules
from enrollment.models import JoinLine
from reviews.models import Submission
from tests import factories

from . import factories as ef

UNIT_TYPES = ["110", "210", "310", "410", "510"]
MALE, FEMALE = "1", "2"


@pytest.mark.parametrize(("sex", "birth", "category", "years", "months", "month"), [
    # 男职工 60, +1 month every 4 months from 2025-01, up to 63
    (MALE, date(1964, 12, 31), "", 60, 0, "202412"),
    (MALE, date(1965, 1, 1), "", 60, 1, "202502"),
    (MALE, date(1965, 4, 30), "", 60, 1, "202505"),
    (MALE, date(1965, 5, 1), "", 60, 2, "202507"),
    (MALE, date(1965, 8, 1), "", 60, 2, "202510"),
    (MALE, date(1965, 9, 1), "", 60, 3, "202512"),
    (MALE, date(1976, 8, 1), "", 62, 11, "203907"),
    (MALE, date(1976, 9, 1), "", 63, 0, "203909"),
    (MALE, date(1990, 1, 1), "", 63, 0, "205301"),
    # 女干部 55, +1 month every 4 months, up to 58
    (FEMALE, date(1969, 12, 1), "female_cadre", 55, 0, "202412"),
    (FEMALE, date(1970, 1, 1), "female_cadre", 55, 1, "202502"),
    (FEMALE, date(1970, 5, 1), "female_cadre", 55, 2, "202507"),
    (FEMALE, date(1981, 8, 1), "female_cadre", 57, 11, "203907"),
    (FEMALE, date(1981, 9, 1), "female_cadre", 58, 0, "203909"),
    # 女工人 50 (any woman when no category is recorded), +1 month every 2 months, up to 55
    (FEMALE, date(1974, 12, 1), "", 50, 0, "202412"),
    (FEMALE, date(1975, 1, 1), "", 50, 1, "202502"),
    (FEMALE, date(1975, 2, 28), "", 50, 1, "202503"),
    (FEMALE, date(1975, 3, 1), "", 50, 2, "202505"),
    (FEMALE, date(1984, 10, 1), "female_worker", 54, 11, "203909"),
    (FEMALE, date(1984, 11, 1), "", 55, 0, "203911"),
])
def test_retirement_age_at_the_boundaries_of_the_published_tables(sex, birth, category, years, months, month):
    age = rules.retirement_age(sex=sex, birth_date=birth, category=category)
    assert (age.years, age.months, age.month) == (years, months, month)


def test_the_ages_are_configuration(settings):
    settings.RETIREMENT_AGES = {**settings.RETIREMENT_AGES,
                                "male": {"base_years": 65, "start": "203001", "step_months": 12, "max_months": 24}}
    age = rules.retirement_age(sex=MALE, birth_date=date(1965, 1, 1))
    assert (age.years, age.months, age.month) == (65, 1, "203002")


def row_errors(birth, *, start, today, types=UNIT_TYPES, seq=1):
    values = ef.join_post(id_number=ef.id_number(birth=birth, seq=seq), work_start_date="1990-07-01",
                          start_month=start, insurance_types=types)
    return dict(rules.join_row_errors(values, unit_types=UNIT_TYPES, today=today)[1])


def test_a_man_is_refused_pension_from_the_month_he_reaches_the_age():
    today = date(2025, 4, 10)
    assert row_errors("19650415", start="202504", today=today) == {}  # reaches 60 years 1 month in 2025-05
    refused = row_errors("19650415", start="202505", today=today)
    assert refused == {"insurance_types": "该人员已达法定退休年龄(男60周岁1个月,2025年05月达到),"
                                          "不能参加企业职工基本养老保险。"}
    assert row_errors("19650415", start="202505", today=today, types=["210", "310", "410", "510"]) == {}


def test_a_woman_counts_as_worker_50():
    refused = row_errors("19740610", start="202503", today=date(2025, 3, 1), seq=2)  # even sequence: female
    assert "女工人50周岁,2024年06月达到" in refused["insurance_types"]


# ---------------------------------------------------------------- through the doors an agent uses


@pytest.mark.django_db
def test_the_enrolment_form_refuses_pension_for_a_person_born_in_1951(agent_client, opened):
    post = ef.join_post(id_number=ef.id_number(birth="19510301", seq=1), work_start_date="1970-07-01")
    page = agent_client.post(reverse("unit:enrol_new"), {**post, "client_token": "r1"}).content.decode()
    assert "该人员已达法定退休年龄(男60周岁,2011年03月达到),不能参加企业职工基本养老保险。" in page
    assert not JoinLine.objects.exists()
    post["insurance_types"] = ["310", "410"]  # other types are allowed
    agent_client.post(reverse("unit:enrol_new"), {**post, "client_token": "r2"})
    assert JoinLine.objects.get().insurance_types == ["310", "410"]


@pytest.mark.django_db
def test_add_refuses_pension_for_a_registered_person_past_the_age(agent_client, opened):
    old = factories.person(id_number=ef.id_number(birth="19600301", seq=1), name="老王", sex=MALE,
                           birth_date=date(1960, 3, 1))
    url = reverse("unit:add_new")
    found = agent_client.post(url, {"id_type": "01", "id_number": old.id_number, "name": "老王",
                                    "lookup": "1"}).content.decode()
    assert "已达法定退休年龄(男60周岁" in found  # said before the agent fills anything in
    post = {"id_type": "01", "id_number": old.id_number, "name": "老王", "employment_form": "1", "wage": "8000",
            "insurance_types": ["110", "310"], "start_month": ef.this_month(), "client_token": "a"}
    page = agent_client.post(url, post).content.decode()
    assert "该人员已达法定退休年龄(男60周岁,2020年03月达到),不能参加企业职工基本养老保险。" in page
    assert not Submission.objects.filter(kind="staff_add").exists()
    agent_client.post(url, {**post, "insurance_types": ["310"], "client_token": "b"})
    assert JoinLine.objects.get(person=old).insurance_types == ["310"]
    assert Person.objects.count() == 1
