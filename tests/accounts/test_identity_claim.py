"""个人注册 by photo request (reviewed in the one workflow) and the centre's reset of an individual account."""

import pytest
from django.urls import reverse

from accounts.models import User
from enrollment.models import IdentityClaimLine, KindCode
from reviews.models import State, Submission
from reviews.services import TransitionRefused, submission_transition
from siportal.core.models import AuditEvent
from tests import factories

from .conftest import PNG, upload
from .test_register_person import REGISTRY_MOBILE, code_in

pytestmark = pytest.mark.django_db

APPLICANT = "13500000007"
PASSWORD = "Person#2026"


@pytest.fixture
def applicant(district):
    return {"id_number": factories.make_id_number("19800808", 45), "name": "周九", "mobile": APPLICANT,
            "region": district.pk}


@pytest.fixture
def claim(client, sms):
    """Request the code on the photo page, then file the request with an ID photo."""

    def file(data):
        with sms.capture():
            client.post(reverse("accounts:register_person_claim_code"), data)
        code = code_in(sms.texts(data["mobile"]))
        with sms.capture():
            return client.post(reverse("accounts:register_person_claim"), {
                **data, "code": code, "password1": PASSWORD, "password2": PASSWORD,
                "id_photo": upload("id.png", PNG, "image/png")})

    return file


def _decide(submission, reviewer, action, reason=""):
    submission_transition(submission_id=submission.pk, action="take", by=reviewer)
    return submission_transition(submission_id=submission.pk, action=action, by=reviewer, reason=reason)


def test_photo_request_waits_for_the_centre_then_opens_the_hall(client, applicant, claim, district, sms):
    person = factories.person(id_number=applicant["id_number"], name="周九", mobile="", region=district)
    response = claim(applicant)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    submission = Submission.objects.get(kind=KindCode.IDENTITY_CLAIM)
    assert submission.state == State.SUBMITTED and submission.person == person
    line = IdentityClaimLine.objects.get(submission=submission)
    assert line.name == "周九" and line.id_photo.name.startswith("identity/") and "id.png" not in line.id_photo.name
    user = submission.submitter
    assert user.identity_pending and user.mobile == APPLICANT and user.person == person

    # until approved the account can do nothing in the individual hall
    assert client.post(reverse("accounts:login"), {"username": APPLICANT, "password": PASSWORD}).status_code == 302
    response = client.get(reverse("me:home"))
    assert response.status_code == 403 and "正在审核中" in response.content.decode()

    reviewer = factories.reviewer(district)
    staff = client.__class__()
    staff.force_login(reviewer)
    photo = staff.get(reverse("centre:identity_photo", args=[submission.pk]))
    assert photo.status_code == 200 and photo["Cache-Control"] == "no-store"
    assert client.get(reverse("centre:identity_photo", args=[submission.pk])).status_code == 302  # not staff

    with sms.capture():
        _decide(submission, reviewer, "approve")
    user.refresh_from_db()
    person.refresh_from_db()
    assert not user.identity_pending and user.username == person.id_number
    assert person.mobile == APPLICANT
    assert "已办结" in sms.texts(APPLICANT)[-1]
    assert client.get(reverse("me:home")).status_code == 200


def test_a_name_that_differs_is_accepted_but_cannot_be_approved(applicant, claim, district):
    factories.person(id_number=applicant["id_number"], name="周十", region=district)
    claim(applicant)
    submission = Submission.objects.get(kind=KindCode.IDENTITY_CLAIM)
    with pytest.raises(TransitionRefused, match="姓名.*不一致"):
        _decide(submission, factories.reviewer(district), "approve")
    assert User.objects.get(pk=submission.submitter_id).identity_pending


def test_photo_request_answers_the_same_when_an_account_exists(applicant, claim, sms):
    from django.contrib.messages import get_messages

    fresh = claim(applicant)
    other = {**applicant, "id_number": factories.make_id_number("19800808", 47), "mobile": "13500000008"}
    person = factories.person(id_number=other["id_number"], name="周九")
    factories.individual(person, mobile=REGISTRY_MOBILE)
    repeated = claim(other)
    assert (repeated.status_code, repeated.url) == (fresh.status_code, fresh.url)
    assert [str(m) for m in get_messages(repeated.wsgi_request)][-1] == [
        str(m) for m in get_messages(fresh.wsgi_request)][-1]
    assert Submission.objects.filter(person=person).count() == 0
    assert "有人正在使用您的身份证号码注册" in sms.texts(REGISTRY_MOBILE)[-1]


def test_centre_resets_an_account_and_the_real_person_registers_again(client, admin_client, district, sms):
    person = factories.person(name="吴一", mobile=REGISTRY_MOBILE, region=district)
    squatter = factories.individual(person, mobile="13900000077")
    response = admin_client.post(reverse("admin:accounts_user_changelist"),
                                 {"action": "reset_individual_action", "_selected_action": [squatter.pk]})
    assert response.status_code == 200 and "确认重置" in response.content.decode()  # a confirmation page first
    squatter.refresh_from_db()
    assert squatter.is_active
    admin_client.post(reverse("admin:accounts_user_changelist"),
                      {"action": "reset_individual_action", "_selected_action": [squatter.pk], "confirm": "yes"})
    squatter.refresh_from_db()
    assert not squatter.is_active and squatter.person is None and squatter.mobile is None
    assert AuditEvent.objects.filter(action="person.account_reset", object_id=str(person.pk)).exists()

    who = {"id_number": person.id_number, "name": "吴一", "mobile": "13500000009", "region": district.pk}
    with sms.capture():
        client.post(reverse("accounts:register_person_code"), who)
    code = code_in(sms.texts(REGISTRY_MOBILE))
    response = client.post(reverse("accounts:register_person"),
                           {**who, "code": code, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(username=person.id_number).person == person


def test_photo_request_page_opens_and_uploads_as_multipart(client, district):
    response = client.get(reverse("accounts:register_person_claim"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in content and 'name="id_photo"' in content
    assert reverse("accounts:register_person_claim_code") in content
