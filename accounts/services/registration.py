"""Self-service registration: 单位注册 (unit + master account) and 个人注册 (person + individual account, SMS code).

No answer to an anonymous caller depends on what the registry holds (issue 8): whether an ID, a name, an account,
a credit code or a mobile exists, the page says the same; the outcome goes by SMS to the mobile that holds it.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from siportal.core.codes import IdType
from siportal.core.services import audit_record, sms_send
from siportal.core.validators import id_birth_date, id_sex

from .. import abuse
from ..models import Person, Region, SmsCode, Unit, User
from .common import AccountError, random_digits

SMS_CODE_RESEND_SECONDS = 60
SMS_CODE_MAX_ATTEMPTS = 5
PURPOSE_REGISTER = "register"
PURPOSE_CLAIM = "claim"
NOTICE_EVERY_SECONDS = 3600  # at most one "someone tried" SMS an hour to the same holder


def code_refused() -> AccountError:
    """The one answer to a wrong, missing, expired or over-used code, and to anything the code would hide."""
    return AccountError(_("验证码不正确或已失效,请重新获取。"))


def _notice(mobile: str, text: str, *key) -> None:
    """An out-of-band notice to a holder: at most one an hour per ``key`` and within the mobile's daily cap."""
    if mobile and abuse.once_per(NOTICE_EVERY_SECONDS, "notice", *key) and abuse.sms_mobile_take(mobile):
        sms_send(mobile=mobile, text=text)


def _generated_login_name(prefix: str) -> str:
    for _attempt in range(10):
        name = prefix + random_digits(8)
        if not User.objects.filter(username=name).exists():
            return name
    raise AccountError(_("生成登录名失败,请重试。"))  # pragma: no cover - 10 collisions in 10^8 names


def mobile_taken(mobile: str) -> bool:
    return User.objects.filter(Q(mobile=mobile) | Q(username=mobile)).exists()


def unit_register(*, name: str, uscc: str, legal_rep: str, contact_name: str, contact_phone: str,
                  region: Region, password: str, request=None) -> Unit | None:
    """Register a unit and its master account (单位账号); the unit starts unbound. The caller's answer is the same
    whether or not the credit code is registered: the result goes by SMS.

    A new credit code: creates the ``Unit`` and a ``User`` of kind ``unit_master`` with a generated login name
    (``DW`` + 8 digits; the contact mobile logs in too when no other account uses it), audits ``unit.registered``
    and sends the login name to the contact mobile. A registered credit code: creates nothing, tells the
    registered unit's contact mobile that someone tried (audit ``unit.register_repeated``) and returns None.
    Arguments are expected already validated (USCC check character, mobile, password rules) by the form.
    """
    existing = Unit.objects.filter(uscc=uscc).first()
    if existing is not None:
        _repeated_unit_registration(existing, request)
        return None
    try:
        with transaction.atomic():
            master = User(username=_generated_login_name("DW"), kind=User.Kind.UNIT_MASTER, name=contact_name,
                          mobile=None if mobile_taken(contact_phone) else contact_phone)
            master.set_password(password)
            master.save()
            unit = Unit.objects.create(name=name, uscc=uscc, legal_rep=legal_rep, contact_name=contact_name,
                                       contact_phone=contact_phone, region=region, master=master)
            master.unit = unit
            master.save(update_fields=["unit"])
            audit_record(actor=master, action="unit.registered", obj=unit, detail=f"{uscc} {name}", request=request)
            if abuse.sms_mobile_take(contact_phone):
                sms_send(mobile=contact_phone, text=_(
                    "【社保网厅】%(unit)s单位注册成功,单位账号登录名为%(login)s%(mobile)s。请登录后使用经办机构发放的"
                    "《注册信息打印单》完成业务绑定。") % {
                    "unit": name, "login": master.username,
                    "mobile": _(",也可用本手机号登录") if master.mobile else ""})
    except IntegrityError:  # a concurrent registration of the same USCC
        existing = Unit.objects.filter(uscc=uscc).first()
        if existing is None:
            raise
        _repeated_unit_registration(existing, request)
        return None
    return unit


def _repeated_unit_registration(unit: Unit, request) -> None:
    audit_record(actor=None, action="unit.register_repeated", obj=unit, request=request)
    _notice(unit.contact_phone, _(
        "【社保网厅】有人尝试以贵单位(%(unit)s)的统一社会信用代码重复注册单位账号,未予受理。贵单位已有单位账号,"
        "如遗失请携带营业执照到经办机构办理。") % {"unit": unit.name}, "unit", unit.pk)


def sms_code_issue(*, mobile: str, purpose: str = PURPOSE_REGISTER) -> SmsCode | None:
    """Send a 6-digit verification code to ``mobile``, silently skipped (returns None) when a code went to the
    same mobile and purpose within 60 seconds or the mobile's daily cap is reached — the caller's page never
    differs, so it cannot tell where a code went.

    Side effects: stores the code hashed in ``SmsCode`` (valid ``settings.SMS_CODE_TTL_SECONDS``) and queues the
    SMS after commit.
    """
    now = timezone.now()
    with transaction.atomic():
        last = SmsCode.objects.select_for_update().filter(mobile=mobile, purpose=purpose).first()
        if last is not None and (now - last.created_at).total_seconds() < SMS_CODE_RESEND_SECONDS:
            return None
        if not abuse.sms_mobile_take(mobile):
            return None
        code = random_digits(6)
        row = SmsCode.objects.create(mobile=mobile, purpose=purpose, code_hash=make_password(code),
                                     expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS))
        minutes = settings.SMS_CODE_TTL_SECONDS // 60
        sms_send(mobile=mobile, secret=code, text=_(
            "【社保网厅】您的注册验证码为{secret},%(m)d分钟内有效。如非本人操作,请忽略本短信。") % {"m": minutes})
    return row


def sms_code_verify(*, mobile: str, code: str, purpose: str = PURPOSE_REGISTER) -> None:
    """Check ``code`` against the newest code sent to ``mobile``; consume it on success.

    Side effects: counts a wrong attempt (committed even though the call then raises), marks the code used on
    success. Raises ``AccountError`` when there is no code, it expired, it was used, it had 5 wrong attempts,
    or it does not match.
    """
    error = None
    with transaction.atomic():
        row = SmsCode.objects.select_for_update().filter(mobile=mobile, purpose=purpose).first()
        if row is None or row.used_at is not None:
            error = _("请先点击“获取验证码”,并填写短信中的验证码。")
        elif row.expires_at <= timezone.now():
            error = _("验证码已过期,请重新获取。")
        elif row.attempts >= SMS_CODE_MAX_ATTEMPTS:
            error = _("验证码错误次数过多,请重新获取。")
        elif not check_password(code.strip(), row.code_hash):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            left = SMS_CODE_MAX_ATTEMPTS - row.attempts
            error = (_("验证码不正确,还可以再试%(n)d次。") % {"n": left} if left
                     else _("验证码错误次数过多,请重新获取。"))
        else:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
    if error:
        raise AccountError(error)


def _registry_person(id_number: str) -> Person | None:
    return Person.objects.filter(id_type=IdType.RESIDENT_ID, id_number=id_number).first()


def confirmed_account(id_number: str, person: Person | None) -> User | None:
    """The individual account that already stands for this ID number (a pending photo request does not)."""
    query = Q(username=id_number)
    if person is not None:
        query |= Q(person=person, kind=User.Kind.INDIVIDUAL, identity_pending=False)
    return User.objects.filter(query).first()


def tell_account_holder(account: User, person: Person | None) -> None:
    """Someone tried to register an account for a person who has one: tell the holder, nobody else."""
    _notice(account.mobile or (person.mobile if person else ""), _(
        "【社保网厅】有人正在使用您的身份证号码注册个人网厅账号,未予受理。您已有账号,可用身份证号码或手机号登录;"
        "如非本人操作,请注意保护个人信息。"), "account", account.pk)


def person_register_code(*, id_number: str, name: str, mobile: str) -> None:
    """The 获取验证码 step of 个人注册: where the code goes depends on the registry, the caller's answer never does.

    - an account exists for the ID: no code; the holder is told by SMS that someone tried;
    - the person is in the registry: the code goes to the mobile the registry holds, never to ``mobile``; nothing
      is sent when the name differs or the registry holds no mobile (then the photo request is the way);
    - a person not in the registry: the code goes to ``mobile`` (if another account uses that mobile, its owner
      gets a notice instead).
    """
    person = _registry_person(id_number)
    account = confirmed_account(id_number, person)
    if account is not None:
        tell_account_holder(account, person)
    elif person is not None:
        if person.name == name and person.mobile:
            sms_code_issue(mobile=person.mobile)
    elif mobile_taken(mobile):
        _notice(mobile, _("【社保网厅】有人尝试用本手机号注册个人网厅账号。本手机号已绑定账号,不能重复注册;"
                          "如非本人操作,请忽略。"), "mobile", mobile)
    else:
        sms_code_issue(mobile=mobile)


def person_register(*, id_number: str, name: str, mobile: str, region: Region, code: str, password: str,
                    request=None) -> User:
    """Register an individual account (个人网厅) for a natural person, confirmed by the SMS code.

    Steps: verify and consume the code sent to the registry's mobile (a person in the registry) or to ``mobile``
    (a new person); check again one account per person and the registry name; link to the existing ``Person``
    (证件类型 01 + number) or create it with sex and birth date from the ID; create the ``User`` (kind
    ``individual``, username = the ID number, mobile = where the code went); audit ``person.registered``.
    Raises ``AccountError`` — always the same ``code_refused()`` answer, whatever the reason.
    """
    person = _registry_person(id_number)
    target = person.mobile if person is not None else mobile
    if not target:
        raise code_refused()
    try:
        sms_code_verify(mobile=target, code=code)
    except AccountError:
        raise code_refused() from None
    if confirmed_account(id_number, person) is not None or (person is not None and person.name != name):
        raise code_refused()
    try:
        with transaction.atomic():
            person, created = Person.objects.get_or_create(
                id_type=IdType.RESIDENT_ID, id_number=id_number,
                defaults={"name": name, "sex": id_sex(id_number), "birth_date": id_birth_date(id_number),
                          "mobile": mobile, "region": region},
            )
            user = User(username=id_number, kind=User.Kind.INDIVIDUAL, name=person.name, person=person,
                        mobile=None if mobile_taken(target) else target)
            user.set_password(password)
            user.save()
            audit_record(actor=user, action="person.registered", obj=person,
                         detail=_("新建自然人") if created else _("关联已有自然人"), request=request)
    except IntegrityError:  # a concurrent registration of the same person
        raise code_refused() from None
    return user


def person_claim_code(*, mobile: str) -> None:
    """The 获取验证码 step of the photo request: the code goes to the applicant's own mobile, whatever the ID."""
    if mobile_taken(mobile):
        _notice(mobile, _("【社保网厅】有人尝试用本手机号申请个人网厅账号。本手机号已绑定账号,不能重复使用;"
                          "如非本人操作,请忽略。"), "mobile", mobile)
    else:
        sms_code_issue(mobile=mobile, purpose=PURPOSE_CLAIM)


def person_account_reset(*, user: User, by, request=None) -> User:
    """The centre resets a person's individual account when the real person shows up at the counter.

    Side effects: the account is deactivated and unlinked from the person; its login name and mobile are freed
    (the person can register again, proving it by the registry's mobile or a photo request); audit row
    ``person.account_reset`` on the person. Raises ``AccountError`` for accounts that are not individual ones.
    """
    if user.kind != User.Kind.INDIVIDUAL:
        raise AccountError(_("只能重置个人账号。"))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        person = user.person
        if person is None and not user.is_active:
            raise AccountError(_("该个人账号已重置。"))
        old = user.username
        user.username = f"reset-{user.pk}-{old}"[:150]
        user.mobile = None
        user.person = None
        user.is_active = False
        user.set_unusable_password()
        user.save()
        audit_record(actor=by, action="person.account_reset", obj=person or user,
                     detail=_("原登录名%(u)s") % {"u": old}, request=request)
    return user
