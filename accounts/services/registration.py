"""Self-service registration: 单位注册 (unit + master account) and 个人注册 (person + individual account, SMS code)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siportal.core.codes import IdType
from siportal.core.services import audit_record, sms_send
from siportal.core.validators import id_birth_date, id_sex

from ..models import Person, Region, SmsCode, Unit, User
from .common import AccountError, random_digits

SMS_CODE_RESEND_SECONDS = 60
SMS_CODE_MAX_ATTEMPTS = 5
PURPOSE_REGISTER = "register"


def unit_register(*, name: str, uscc: str, legal_rep: str, contact_name: str, contact_phone: str,
                  region: Region, username: str, password: str, request=None) -> Unit:
    """Register a unit and its master account (单位账号); the unit starts unbound.

    Side effects: creates the ``Unit`` and a ``User`` of kind ``unit_master`` (``unit.master`` = that user),
    writes the audit row ``unit.registered``. Raises ``AccountError`` if the USCC or the username is taken.
    Arguments are expected already validated (USCC check character, mobile, password rules) by the form.
    """
    if Unit.objects.filter(uscc=uscc).exists():
        raise AccountError(_("该单位已注册(统一社会信用代码%(uscc)s),一个单位只能注册一次。如遗失账号,请联系经办机构。")
                           % {"uscc": uscc})
    if User.objects.filter(username=username).exists():
        raise AccountError(_("用户名“%(u)s”已被使用,请换一个。") % {"u": username})
    try:
        with transaction.atomic():
            master = User(username=username, kind=User.Kind.UNIT_MASTER, name=contact_name)
            master.set_password(password)
            master.save()
            unit = Unit.objects.create(name=name, uscc=uscc, legal_rep=legal_rep, contact_name=contact_name,
                                       contact_phone=contact_phone, region=region, master=master)
            master.unit = unit
            master.save(update_fields=["unit"])
            audit_record(actor=master, action="unit.registered", obj=unit, detail=f"{uscc} {name}", request=request)
    except IntegrityError:  # a concurrent registration of the same USCC or username
        raise AccountError(_("该单位或用户名已注册,请检查后重试。")) from None
    return unit


def sms_code_send(*, mobile: str, purpose: str = PURPOSE_REGISTER) -> SmsCode:
    """Send a 6-digit verification code to ``mobile``: at most one per mobile and purpose every 60 seconds.

    Side effects: stores the code hashed in ``SmsCode`` (valid ``settings.SMS_CODE_TTL_SECONDS``) and queues the
    SMS after commit. Raises ``AccountError`` when the previous code is younger than 60 seconds.
    """
    now = timezone.now()
    with transaction.atomic():
        last = SmsCode.objects.select_for_update().filter(mobile=mobile, purpose=purpose).first()
        if last is not None and (now - last.created_at).total_seconds() < SMS_CODE_RESEND_SECONDS:
            wait = SMS_CODE_RESEND_SECONDS - int((now - last.created_at).total_seconds())
            raise AccountError(_("验证码发送过于频繁,请%(n)d秒后再试。") % {"n": max(wait, 1)})
        code = random_digits(6)
        row = SmsCode.objects.create(mobile=mobile, purpose=purpose, code_hash=make_password(code),
                                     expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS))
        minutes = settings.SMS_CODE_TTL_SECONDS // 60
        sms_send(mobile=mobile, text=_("【社保网厅】您的注册验证码为{secret},%(m)d分钟内有效。如非本人操作,请忽略本短信。")
                 % {"m": minutes}, secret=code)
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


def person_register_check(*, id_number: str, name: str, mobile: str) -> Person | None:
    """Refuse early what registration would refuse anyway; return the registry's ``Person`` if there is one.

    Raises ``AccountError`` when the person already has an account, the mobile is taken, or the name differs
    from the registry (key data is changed only at the counter).
    """
    if User.objects.filter(username=id_number).exists() or User.objects.filter(
        person__id_type=IdType.RESIDENT_ID, person__id_number=id_number, kind=User.Kind.INDIVIDUAL
    ).exists():
        raise AccountError(_("该证件号码已注册个人账号,每人只能注册一个账号。忘记密码请到经办机构窗口办理。"))
    if User.objects.filter(mobile=mobile).exists():
        raise AccountError(_("该手机号已被其他账号使用,请换一个手机号。"))
    person = Person.objects.filter(id_type=IdType.RESIDENT_ID, id_number=id_number).first()
    if person is not None and person.name != name:
        raise AccountError(_("姓名与社保登记信息不一致,不能在网上注册。请携带身份证件到经办机构窗口核实办理。"))
    return person


def person_register(*, id_number: str, name: str, mobile: str, region: Region, code: str, password: str,
                    request=None) -> User:
    """Register an individual account (个人网厅) for a natural person, confirmed by the SMS code.

    Steps: verify and consume the SMS code; check one account per person, the mobile and the registry name;
    link to the existing ``Person`` (证件类型 01 + number) or create it with sex and birth date from the ID;
    create the ``User`` (kind ``individual``, username = the ID number); audit ``person.registered``.
    Raises ``AccountError`` on any refusal.
    """
    sms_code_verify(mobile=mobile, code=code)
    person_register_check(id_number=id_number, name=name, mobile=mobile)
    try:
        with transaction.atomic():
            person, created = Person.objects.get_or_create(
                id_type=IdType.RESIDENT_ID, id_number=id_number,
                defaults={"name": name, "sex": id_sex(id_number), "birth_date": id_birth_date(id_number),
                          "mobile": mobile, "region": region},
            )
            user = User(username=id_number, kind=User.Kind.INDIVIDUAL, name=person.name, mobile=mobile,
                        person=person)
            user.set_password(password)
            user.save()
            audit_record(actor=user, action="person.registered", obj=person,
                         detail=_("新建自然人") if created else _("关联已有自然人"), request=request)
    except IntegrityError:  # a concurrent registration of the same person or mobile
        raise AccountError(_("该证件号码或手机号已注册,请直接登录。")) from None
    return user
