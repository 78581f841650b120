"""业务绑定: the centre issues a one-time binding credential, the unit binds with it; the centre may unbind."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siportal.core.models import AuditEvent
from siportal.core.services import audit_record

from ..models import BindingCredential, Unit
from .common import AccountError, random_digits, random_password


def credential_issue(*, unit: Unit, by, request=None) -> tuple[BindingCredential, str]:
    """Issue a binding credential for ``unit`` and return it with its plaintext password (shown once).

    Side effects: revokes the unit's earlier unused credentials, creates a new one (username ``BD`` + 8 digits,
    a random 10-character password stored only hashed, valid ``settings.BINDING_CREDENTIAL_TTL_DAYS`` days),
    writes the audit row ``credential.issued``.
    """
    password = random_password(10)
    now = timezone.now()
    with transaction.atomic():
        Unit.objects.select_for_update().get(pk=unit.pk)
        unit.credentials.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        for _attempt in range(10):
            try:
                with transaction.atomic():
                    credential = BindingCredential.objects.create(
                        unit=unit, username="BD" + random_digits(8), password_hash=make_password(password),
                        issued_by=by, expires_at=now + timedelta(days=settings.BINDING_CREDENTIAL_TTL_DAYS),
                    )
                break
            except IntegrityError:  # the random username exists already: draw again
                continue
        else:  # pragma: no cover - 10 collisions in 10^8 names
            raise AccountError(_("生成绑定用户名失败,请重试。"))
        audit_record(actor=by, action="credential.issued", obj=unit, detail=credential.username, request=request)
    return credential, password


class _WrongCredential(AccountError):
    """A binding username or password that does not match: counted towards the unit's attempt limit."""


def _failure_window() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def bind_failures(unit: Unit) -> int:
    """Wrong binding credentials entered for ``unit`` within the lockout window (audit rows ``unit.bind_failed``)."""
    return AuditEvent.objects.filter(action="unit.bind_failed", object_type=unit._meta.label_lower,
                                     object_id=str(unit.pk), at__gte=timezone.now() - _failure_window()).count()


def unit_bind(*, unit: Unit, username: str, password: str, by, request=None) -> Unit:
    """Bind ``unit`` to the centre with the binding username + password of its 注册信息打印单.

    Checks, in order: the unit has not entered wrong credentials ``AXES_FAILURE_LIMIT`` times within the lockout
    window (as for logins); the unit is not bound yet; the username exists and the password matches (a miss is
    audited as ``unit.bind_failed`` and counted); the credential belongs to this unit; it is not revoked, used or
    expired. Side effects: marks the credential used, sets ``unit.bound_at``, writes the audit row ``unit.bound``.
    Raises ``AccountError`` on any refusal.
    """
    if not (getattr(by, "is_unit_master", False) and by.unit_id == unit.pk):
        raise AccountError(_("只有本单位的单位账号可以办理业务绑定。"))
    limit, minutes = settings.AXES_FAILURE_LIMIT, int(_failure_window().total_seconds() // 60)
    if bind_failures(unit) >= limit:
        raise AccountError(_("%(minutes)d分钟内绑定用户名或绑定密码已输错%(n)d次,为保护单位信息,请稍后再试。")
                           % {"n": limit, "minutes": minutes})
    username = username.strip().upper()
    try:
        return _bind(unit, username, password, by, request)
    except _WrongCredential as exc:
        audit_record(actor=by, action="unit.bind_failed", obj=unit, detail=username[:40], request=request)
        left = limit - bind_failures(unit)
        if left <= 0:
            raise AccountError(_("%(reason)s%(minutes)d分钟内已输错%(n)d次,请%(minutes)d分钟后再试。")
                               % {"reason": exc, "n": limit, "minutes": minutes}) from None
        raise AccountError(_("%(reason)s还可尝试%(left)d次。") % {"reason": exc, "left": left}) from None


def _bind(unit: Unit, username: str, password: str, by, request) -> Unit:
    """The checks and the binding itself, in one transaction (see ``unit_bind``)."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if unit.is_bound:
            raise AccountError(_("本单位已于%(at)s完成业务绑定,无需重复绑定。")
                               % {"at": timezone.localtime(unit.bound_at).strftime("%Y-%m-%d %H:%M")})
        credential = BindingCredential.objects.select_for_update().filter(username=username).first()
        if credential is None or not check_password(password, credential.password_hash):
            raise _WrongCredential(_("绑定用户名或绑定密码不正确,请核对《注册信息打印单》后重新输入。"))
        if credential.unit_id != unit.pk:
            raise AccountError(_("该绑定信息不属于本单位,请核对《注册信息打印单》上的单位名称。"))
        if credential.revoked_at is not None:
            raise AccountError(_("该绑定信息已作废(经办机构已重新签发),请使用最新的《注册信息打印单》。"))
        if credential.used_at is not None:
            raise AccountError(_("该绑定信息已使用过,每份绑定信息只能使用一次。如需重新绑定,请联系经办机构。"))
        if credential.expires_at <= timezone.now():
            raise AccountError(_("该绑定信息已过期,请联系经办机构重新签发。"))
        now = timezone.now()
        credential.used_at = now
        credential.save(update_fields=["used_at"])
        unit.bound_at = now
        unit.save(update_fields=["bound_at"])
        audit_record(actor=by, action="unit.bound", obj=unit, detail=credential.username, request=request)
    return unit


def unit_unbind(*, unit: Unit, by, request=None) -> Unit:
    """Undo the binding of ``unit`` (解除绑定, by the centre); it must bind again with a new credential.

    Side effects: clears ``unit.bound_at``, revokes unused credentials, writes the audit row ``unit.unbound``.
    Raises ``AccountError`` if the unit is not bound.
    """
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if not unit.is_bound:
            raise AccountError(_("该单位尚未绑定,无需解除。"))
        unit.bound_at = None
        unit.save(update_fields=["bound_at"])
        unit.credentials.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(actor=by, action="unit.unbound", obj=unit, request=request)
    return unit
