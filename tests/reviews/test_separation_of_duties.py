"""Separation of duties (issue 8.8): nobody reviews what they submitted or what concerns their own person record,
and a reviewer account holds no hall role — in the service (so the review page and bulk actions obey) and in the
user admin form."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from reviews.services import TransitionRefused, submission_create, submission_transition
from tests import factories

REVIEW_PERMS = ["review_submission", "view_submission", "change_submission"]


def _reviewer(region, **fields):
    user = factories.user(is_staff=True, review_region=region, **fields)
    user.user_permissions.add(*Permission.objects.filter(codename__in=REVIEW_PERMS))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def insured(district):
    return factories.person(region=district, name="王小明")


@pytest.fixture
def actors(district, unit, insured):
    """Who tries to act. ``agent_reviewer`` was created bypassing validation, as old data might be."""
    return {
        "reviewer": _reviewer(district, kind="staff"),
        "agent_reviewer": _reviewer(district, kind="agent", unit=unit, mobile="13711112222"),
        "person_by_link": _reviewer(district, kind="staff", person=insured),
        "person_by_id_number": _reviewer(district, kind="staff", id_number=insured.id_number.lower()),
        "superuser_own_person": factories.user(kind="staff", is_staff=True, is_superuser=True, person=insured),
        "superuser": factories.user(kind="staff", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def build(test_kind, actors, insured, district):
    """A submission in ``state`` for ``owner``: the agent reviewer's own unit item, or the insured's item."""
    taker = _reviewer(district, kind="staff")

    def make(owner, state):
        if owner == "unit":
            by = actors["agent_reviewer"]
            submission, _ = submission_create(kind="test_kind", by=by, unit=by.unit)
        else:
            by = factories.individual(insured)
            submission, _ = submission_create(kind="test_kind", by=by, person=insured)
        submission = submission_transition(submission_id=submission.pk, action="submit", by=by)
        if state == "in_review":
            submission = submission_transition(submission_id=submission.pk, action="take", by=taker)
        return submission

    return make


OWN_SUBMISSION = "是您本人提交的"
HALL_ROLE = "审核与经办须由不同人员担任"
OWN_PERSON = "涉及您本人的参保信息"

# actor × (owner of the submission, its state) × action → refused with this message, or None = allowed
TABLE = [
    ("reviewer", "person", "submitted", "take", None),
    ("superuser", "person", "in_review", "approve", None),
    ("superuser", "person", "in_review", "return", None),
    ("agent_reviewer", "unit", "submitted", "take", HALL_ROLE),
    ("person_by_link", "person", "submitted", "take", OWN_PERSON),
    ("person_by_id_number", "person", "submitted", "take", OWN_PERSON),
    ("superuser_own_person", "person", "submitted", "take", OWN_PERSON),
    ("superuser_own_person", "person", "in_review", "approve", OWN_PERSON),
    ("superuser_own_person", "person", "in_review", "return", OWN_PERSON),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "owner", "state", "action", "refusal"), TABLE)
def test_separation_of_duties_table(actors, build, actor, owner, state, action, refusal):
    submission = build(owner, state)
    call = {"submission_id": submission.pk, "action": action, "by": actors[actor], "reason": "请补充材料"}
    if refusal is None:
        submission_transition(**call)
        return
    with pytest.raises(TransitionRefused, match=refusal):
        submission_transition(**call)
    submission.refresh_from_db()
    assert submission.state == state


@pytest.mark.django_db
def test_a_staff_member_who_submitted_is_refused_even_without_a_hall_role(actors, build):
    submission = build("unit", "submitted")
    staff = actors["agent_reviewer"]
    User.objects.filter(pk=staff.pk).update(kind="staff", unit=None)  # the role was removed after submitting
    staff = User.objects.get(pk=staff.pk)
    with pytest.raises(TransitionRefused, match=OWN_SUBMISSION):
        submission_transition(submission_id=submission.pk, action="take", by=staff)


@pytest.mark.django_db
def test_review_page_shows_why_and_offers_no_buttons(client, actors, build):
    submission = build("person", "submitted")
    client.force_login(actors["person_by_link"])
    page = client.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()
    assert OWN_PERSON in page and 'value="受理"' not in page
    url = reverse("admin:reviews_submission_act", args=[submission.pk, "approve"])
    response = client.post(url, follow=True)
    assert OWN_PERSON in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "submitted"


@pytest.mark.django_db
def test_bulk_actions_obey_the_same_guard(client, actors, build):
    own_item, other_item = build("person", "submitted"), build("unit", "submitted")
    client.force_login(actors["person_by_link"])
    response = client.post(reverse("admin:reviews_submission_changelist"), {
        "action": "take_selected", "_selected_action": [own_item.pk, other_item.pk], "confirm": "yes"}, follow=True)
    assert OWN_PERSON in response.content.decode()
    own_item.refresh_from_db()
    other_item.refresh_from_db()
    assert own_item.state == "submitted" and other_item.state == "in_review"


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "staff_fields", "valid"), [
    ("staff", {"is_staff": True}, True),
    ("agent", {}, True),
    ("agent", {"is_staff": True}, False),
    ("unit_master", {"is_superuser": True}, False),
    ("individual", {"review_region": True}, False),
    ("staff", {"unit": True, "is_staff": True}, False),
])
def test_user_validation_refuses_hall_roles_on_staff_accounts(district, unit, kind, staff_fields, valid):
    fields = {**staff_fields}
    if fields.pop("review_region", None):
        fields["review_region"] = district
    if fields.pop("unit", None):
        fields["unit"] = unit
    user = User(username="combined", kind=kind, **fields)
    user.set_password("Xx123456!")
    if valid:
        user.full_clean()
    else:
        with pytest.raises(ValidationError, match="审核与经办须由不同账号"):
            user.full_clean()


@pytest.mark.django_db
def test_user_admin_form_refuses_an_agent_with_admin_access(client, agent):
    client.force_login(factories.user(kind="staff", is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "agent_and_reviewer", "password1": "Ab12345678!x", "password2": "Ab12345678!x",
        "kind": "agent", "name": "两个角色", "mobile": "13722223333", "is_staff": "on", "usable_password": "true"})
    assert response.status_code == 200
    assert "审核与经办须由不同账号" in response.content.decode()
    assert not User.objects.filter(username="agent_and_reviewer").exists()


@pytest.mark.django_db
def test_deploy_check_reports_accounts_with_two_roles(actors):
    from reviews.permissions import separation_of_duties_check

    errors = separation_of_duties_check(None)
    assert [e.id for e in errors] == ["reviews.E001"]
    assert actors["agent_reviewer"].username in errors[0].msg
    User.objects.filter(pk=actors["agent_reviewer"].pk).update(is_staff=False, review_region=None)
    assert separation_of_duties_check(None) == []


@pytest.mark.django_db
def test_a_unit_submission_with_the_reviewer_on_a_line_is_refused(test_kind, agent, district, insured):
    from enrollment.models import StopLine

    submission, _ = submission_create(kind="test_kind", by=agent, unit=agent.unit)
    StopLine.objects.create(submission=submission, person=insured, insurance_types=["110"], reason="11",
                            stop_month="202612")
    submission = submission_transition(submission_id=submission.pk, action="submit", by=agent)
    own = _reviewer(district, kind="staff", id_number=insured.id_number)
    with pytest.raises(TransitionRefused, match=OWN_PERSON):
        submission_transition(submission_id=submission.pk, action="take", by=own)
    submission_transition(submission_id=submission.pk, action="take", by=_reviewer(district, kind="staff"))
