"""The contract every registered kind of business must pass, run over the registry (a new kind without a recipe
here fails): its start page opens for an allowed owner and is refused to others; its summary renders in the hall
and in the reviewer's admin page; an empty draft is refused at submit with a message; ``apply()`` run twice leaves
one effect; it is offered in the hall menu and listed in 待办 / 办事列表; a foreign owner's id is a 404 on each of
its URLs. Both halls: unit kinds act for an opened (or, for 单位参保登记, a new) unit, person kinds for a person.
"""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Person, User
from contributions.models import AssessmentLine
from enrollment.models import DeathLine, IdentityClaimLine, UnitChangeLine, UnitOpeningLine
from reviews import registry
from reviews.models import State, Submission
from reviews.services import TransitionRefused, submission_create, submission_transition
from tests import factories
from tests.conftest import OPENING_FORM
from tests.contributions import factories as cf
from tests.enrollment import factories as ef

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- how to fill one draft of each kind


def _one_line(model, fields):
    def fill(w, submission):
        model.objects.create(submission=submission, **fields(w))
    return fill


def _lines(rows):
    def fill(w, submission):
        from reviews.drafts import draft_lines_add

        draft_lines_add(kind=submission.kind, by=submission.submitter, owner=w.unit, rows=rows(w),
                        submission=submission)
    return fill


def _photo_line(w, submission):
    line = IdentityClaimLine(submission=submission, name=w.claimant.name, extension="png")
    line.id_photo.save("id.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    line.save()


def _change_fields(w):
    return {"address": "示范市东城区新路8号", "postal_code": "990001", "contact_name": "赵六",
            "contact_phone": "13900000001", "industry": "软件和信息技术服务业", "bank_name": "示范银行",
            "bank_account": "6222020200119999", "injury_class": 1}


RECIPES = {
    # code: (who may start it: "new_unit" | "opened_unit" | "anonymous", how a draft gets its content)
    "unit_opening": ("new_unit", _one_line(UnitOpeningLine, lambda w: {**OPENING_FORM, "injury_class": 1})),
    "staff_enrol": ("opened_unit", _lines(lambda w: [ef.join_row(name="王新", id_number=ef.id_number("19920202"))])),
    "staff_add": ("opened_unit", _lines(lambda w: [ef.join_row(name=w.registered.name,
                                                                id_number=w.registered.id_number)])),
    "staff_stop": ("opened_unit", _lines(lambda w: [{"person_id": w.paying.pk, "reason": "28",
                                                     "stop_month": ef.this_month(),
                                                     "insurance_types": ["110"]}])),
    "staff_resume": ("opened_unit", _lines(lambda w: [{"person_id": w.suspended.pk, "reason": "41",
                                                       "month": ef.this_month(), "wage": None,
                                                       "insurance_types": ["110"]}])),
    "staff_death": ("opened_unit", _one_line(DeathLine, lambda w: {
        "person": w.paying, "id_type": w.paying.id_type, "id_number": w.paying.id_number,
        "death_date": timezone.localdate() - timedelta(days=3)})),
    "unit_change": ("opened_unit", _one_line(UnitChangeLine, _change_fields)),
    "identity_claim": ("anonymous", _photo_line),
    "unit_assessment": ("opened_unit", _one_line(AssessmentLine, lambda w: {
        "fee_month": int(ef.this_month()), "reason": "01", "note": ""})),
    "wage_declaration": ("opened_unit", _lines(lambda w: [{"person_id": w.paying.pk, "wage": Decimal("7000.00"),
                                                           "effective_month": ef.this_month(1)}])),
}

KINDS = [kind.code for kind in registry.all_kinds()]


def _kind(code):
    return registry.get_kind(code)


def _ns(kind):
    return "unit" if kind.hall == "unit" else "me"


# ---------------------------------------------------------------- the world every kind is tried in


@pytest.fixture
def world(agent, foreign_agent, city, district, district_reviewer, city_reviewer):
    """An opened unit with staff (one paying, one suspended in 养老), a unit not opened yet, a foreign opened unit,
    a registered person with no relation, and a person claiming an account by photo (with an individual of
    their own for the hall, and another individual as the foreign owner)."""
    unit = ef.open_unit(agent, district_reviewer)
    cf.employee_items(cf.policy(city, "200001", average_wage=Decimal("6000")))  # rates for 单位应收核定
    ef.open_unit(foreign_agent, city_reviewer)
    rows = [ef.join_row(name="张三", start_month=ef.this_month(-2)),
            ef.join_row(name="李四", start_month=ef.this_month(-2))]
    ef.enrol(agent, district_reviewer, rows)
    paying, suspended = Person.objects.filter(id_number__in=[r["id_number"] for r in rows]).order_by("name")
    ef.stop(agent, district_reviewer, [suspended], reason="28", month=ef.this_month(-1), types=["110"])
    new_unit = factories.unit(region=district, name="新开单位有限公司")
    claimant = factories.person(name="周九", id_number=factories.make_id_number("19800808", 45), region=district)
    pending = factories.individual(claimant, identity_pending=True)
    return SimpleNamespace(
        unit=unit, agent=agent, reviewer=district_reviewer, paying=paying, suspended=suspended,
        registered=factories.person(name="钱七", id_number=factories.make_id_number("19850505", 33)),
        new_unit=new_unit, new_agent=factories.agent(new_unit), foreign_agent=foreign_agent,
        claimant=claimant, pending=pending,
        stranger=factories.individual(factories.person(name="孙八", region=district)),
    )


def _owner_of(w, who):
    """(the owner, the user acting for it in the workflow) for a recipe's ``who``."""
    if who == "new_unit":
        return w.new_unit, w.new_agent
    if who == "opened_unit":
        return w.unit, w.agent
    return w.claimant, w.pending


def _draft(w, code, *, filled=True):
    who, fill = RECIPES[code]
    owner, user = _owner_of(w, who)
    owner_kwargs = {"unit": owner} if who != "anonymous" else {"person": owner}
    submission, _created = submission_create(kind=code, by=user, **owner_kwargs)
    if filled:
        fill(w, submission)
    return submission


def _hall_client(w, code):
    """A client in the hall of the kind's owner (a person's claim is seen by a confirmed account of the person,
    made after the claim was filed)."""
    client = Client()
    who = RECIPES[code][0]
    if who == "anonymous":
        client.force_login(factories.user(kind=User.Kind.INDIVIDUAL, person=w.claimant,
                                          username=f"{w.claimant.id_number}x"))
    else:
        client.force_login(_owner_of(w, who)[1])
    return client


def _foreign_client(w, code):
    client = Client()
    client.force_login(w.stranger if _kind(code).hall == "person" else w.foreign_agent)
    return client


# ---------------------------------------------------------------- the contract


def test_every_registered_kind_has_a_recipe():
    assert sorted(set(KINDS) - set(RECIPES)) == []


@pytest.mark.parametrize("code", KINDS)
def test_start_page_opens_for_an_allowed_owner_and_is_refused_to_others(world, code):
    kind = _kind(code)
    who = RECIPES[code][0]
    url = registry.start_url(kind, _ns(kind))
    allowed = Client()
    if who != "anonymous":
        allowed.force_login(_owner_of(world, who)[1])
    assert allowed.get(url).status_code == 200
    other_hall = Client()
    other_hall.force_login(world.stranger if kind.hall == "unit" else world.agent)
    assert other_hall.get(url).status_code in (302, 403)
    if who == "opened_unit":  # a unit not opened yet may not start it
        refused = Client()
        refused.force_login(world.new_agent)
        assert refused.get(url).status_code in (302, 403)


@pytest.mark.parametrize("code", KINDS)
def test_summary_renders_in_the_hall_and_in_the_admin(world, code, client):
    submission = _draft(world, code)
    page = _hall_client(world, code).get(reverse(f"{_ns(_kind(code))}:submission_detail", args=[submission.pk]))
    assert page.status_code == 200 and submission.number in page.content.decode()
    assert str(_kind(code).label) in page.content.decode()
    submission_transition(submission_id=submission.pk, action="submit", by=submission.submitter)
    client.force_login(world.reviewer)
    review = client.get(reverse("admin:reviews_submission_change", args=[submission.pk]))
    assert review.status_code == 200 and submission.number in review.content.decode()


@pytest.mark.parametrize("code", KINDS)
def test_an_empty_draft_is_refused_at_submit_with_a_message(world, code):
    submission = _draft(world, code, filled=False)
    with pytest.raises(TransitionRefused) as refused:
        submission_transition(submission_id=submission.pk, action="submit", by=submission.submitter)
    assert str(refused.value).strip()
    if RECIPES[code][0] != "anonymous":
        client = _hall_client(world, code)
        ns = _ns(_kind(code))
        page = client.post(reverse(f"{ns}:submission_act", args=[submission.pk, "submit"]), follow=True)
        assert str(refused.value) in page.content.decode()
    submission.refresh_from_db()
    assert submission.state == State.DRAFT


def _counts() -> dict:
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label in ("accounts", "enrollment", "reviews")}


@pytest.mark.parametrize("code", KINDS)
def test_apply_run_twice_leaves_one_effect(world, code):
    submission = _draft(world, code)
    submission_transition(submission_id=submission.pk, action="submit", by=submission.submitter)
    submission_transition(submission_id=submission.pk, action="take", by=world.reviewer)
    submission = submission_transition(submission_id=submission.pk, action="approve", by=world.reviewer)
    assert submission.state == State.DONE
    before = _counts()
    with transaction.atomic():
        _kind(code).apply(Submission.objects.get(pk=submission.pk))
    assert _counts() == before


@pytest.mark.parametrize("code", KINDS)
def test_offered_in_the_hall_menu_and_listed_in_todo_and_the_list(world, code):
    kind = _kind(code)
    ns = _ns(kind)
    who = RECIPES[code][0]
    submission = _draft(world, code)
    client = _hall_client(world, code)
    if who != "anonymous":  # a photo request is filed before the person has an account: never in a hall menu
        home = client.get(reverse(f"{ns}:home")).content.decode()
        assert registry.start_url(kind, ns) in home
    todo = client.get(reverse(f"{ns}:todo")).content.decode()
    assert submission.number in todo
    submission_transition(submission_id=submission.pk, action="submit", by=submission.submitter)
    listed = client.get(reverse(f"{ns}:submissions"), {"kind": code}).content.decode()
    assert submission.number in listed


@pytest.mark.parametrize("code", KINDS)
def test_a_foreign_owners_id_is_404_on_each_url(world, code):
    kind = _kind(code)
    ns = _ns(kind)
    submission = _draft(world, code)
    foreign = _foreign_client(world, code)
    gets = [reverse(f"{ns}:submission_detail", args=[submission.pk]),
            reverse(f"{ns}:submission_edit", args=[submission.pk])]
    if kind.edit_view:
        gets.append(reverse(kind.edit_view, args=[submission.pk]))
    posts = [reverse(f"{ns}:submission_act", args=[submission.pk, action]) for action in ("submit", "withdraw")]
    posts += [reverse(f"{ns}:draft_submit", args=[submission.pk]),
              reverse(f"{ns}:draft_line_remove", args=[submission.pk, 1])]
    for url in gets:
        assert foreign.get(url).status_code == 404, url
    for url in posts:
        assert foreign.post(url).status_code == 404, url
    submission.refresh_from_db()
    assert submission.state == State.DRAFT
