"""个人注册 by photo request (身份审核): for a person whose registry mobile is missing or no longer theirs.

The applicant proves their own mobile by SMS code and uploads an ID photo; the account is created pending
(``identity_pending``: it can do nothing in the individual hall) with a submission of kind ``identity_claim`` in
the one workflow. The centre compares the photo with the registry; approval (``identity_claim_apply``) makes the
account the person's individual account.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Person, Region, User
from accounts.services import AccountError, sms_code_verify
from accounts.services.common import random_digits
from accounts.services.registration import (
    PURPOSE_CLAIM,
    code_refused,
    confirmed_account,
    mobile_taken,
    tell_account_holder,
)
from accounts.uploads import scan_kind
from reviews.services import TransitionRefused, submission_create, submission_transition
from siportal.core.codes import IdType
from siportal.core.services import audit_record
from siportal.core.validators import id_birth_date, id_sex

from ..models import IdentityClaimLine, KindCode


def person_claim_submit(*, id_number: str, name: str, mobile: str, region: Region, code: str, password: str,
                        id_photo, request=None) -> None:
    """File a photo request for an individual account; the caller's answer is the same whatever the registry holds.

    Steps: verify the code sent to the applicant's ``mobile``; if the ID already has an account, tell its holder
    by SMS and stop; otherwise create the ``Person`` when the registry has none (sex and birth date from the ID),
    a pending ``User`` (a placeholder login name; the mobile logs in), the ``identity_claim`` submission with its
    line (name as typed, the photo under an unguessable name), submit it, audit ``person.claim_submitted``.
    A name that differs from the registry is not refused here: the reviewer sees it and returns the request.
    Raises ``AccountError`` for a wrong code only.
    """
    try:
        sms_code_verify(mobile=mobile, code=code, purpose=PURPOSE_CLAIM)
    except AccountError:
        raise code_refused() from None
    if mobile_taken(mobile):  # taken since the code was sent; the caller owns this mobile, so it may be said
        raise AccountError(_("该手机号已绑定网厅账号,请换一个手机号。"))
    person = Person.objects.filter(id_type=IdType.RESIDENT_ID, id_number=id_number).first()
    account = confirmed_account(id_number, person)
    if account is not None:
        tell_account_holder(account, person)
        return
    extension = scan_kind(id_photo)
    try:
        with transaction.atomic():
            person, _created = Person.objects.get_or_create(
                id_type=IdType.RESIDENT_ID, id_number=id_number,
                defaults={"name": name, "sex": id_sex(id_number), "birth_date": id_birth_date(id_number),
                          "region": region},
            )
            if person.region_id is None:
                person.region = region
                person.save(update_fields=["region"])
            user = User(username=f"RZ{random_digits(10)}", kind=User.Kind.INDIVIDUAL, name=name, mobile=mobile,
                        person=person, identity_pending=True)
            user.set_password(password)
            user.save()
            submission, _new = submission_create(kind=KindCode.IDENTITY_CLAIM, by=user, person=person)
            IdentityClaimLine.objects.create(submission=submission, name=name, id_photo=id_photo,
                                             extension=extension)
            submission_transition(submission_id=submission.pk, action="submit", by=user)
            audit_record(actor=user, action="person.claim_submitted", obj=person, detail=submission.number,
                         request=request)
    except IntegrityError:  # a concurrent request with the same mobile or login name
        raise code_refused() from None


def identity_claim_apply(*, submission) -> User:
    """Apply an approved photo request: the pending account becomes the person's individual account.

    Side effects: the account's login name becomes the ID number and ``identity_pending`` is cleared; the
    registry's empty mobile is filled with the proven one; audit ``person.identity_confirmed``.
    Refuses (``TransitionRefused``, the approval rolls back) when the typed name differs from the registry or
    the person has another account (the centre resets that one first). Idempotent.
    """
    line = IdentityClaimLine.objects.get(submission=submission)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=submission.submitter_id)
        if not user.identity_pending:
            return user
        person = Person.objects.select_for_update().get(pk=submission.person_id)
        if person.name != line.name:
            raise TransitionRefused(_("申请人填写的姓名“%(typed)s”与登记的姓名不一致,不能审核通过,请回退。")
                                    % {"typed": line.name})
        other = confirmed_account(person.id_number, person)
        if other is not None and other.pk != user.pk:
            raise TransitionRefused(_("该人员已有个人账号。确认申请人是本人的,请先在“用户”中重置原个人账号,再审核通过。"))
        user.identity_pending = False
        user.username = person.id_number
        user.name = person.name
        user.save(update_fields=["identity_pending", "username", "name"])
        if not person.mobile and user.mobile:
            person.mobile = user.mobile
            person.save(update_fields=["mobile"])
        audit_record(actor=submission.reviewer, action="person.identity_confirmed", obj=person,
                     detail=submission.number)
    return user
