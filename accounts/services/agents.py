"""经办人管理: a unit's master account adds, disables, enables, unbinds agents and resets their passwords.

Every service takes the acting master and the unit; the views fetch the agent through ``hall_scope`` so an
agent of another unit never reaches here, and each service checks the unit again.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from siportal.core.services import audit_record, sms_send

from ..models import Unit, User
from .common import AccountError, random_digits
from .passwords import link_valid_days, password_set_link


def _check(agent: User, unit: Unit) -> None:
    if not agent.is_agent or agent.unit_id != unit.pk:
        raise AccountError(_("该经办人不属于本单位。"))


def _send_link(agent: User, unit: Unit, *, initial: bool, request) -> None:
    """SMS the agent a one-time link to set the password; the link is the message's secret (never stored)."""
    if initial:
        text = _("【社保网厅】您已被设为%(unit)s经办人,登录名%(username)s(也可用本手机号登录)。"
                 "请在%(days)d天内打开以下链接设置登录密码(仅可使用一次):{secret}")
    else:
        text = _("【社保网厅】%(unit)s已重置您的经办人登录密码,登录名%(username)s,原密码已失效。"
                 "请在%(days)d天内打开以下链接设置新密码(仅可使用一次):{secret}")
    sms_send(mobile=agent.mobile, text=text % {"unit": unit.name, "username": agent.username,
                                               "days": link_valid_days()},
             secret=password_set_link(user=agent, request=request))


def agent_create(*, unit: Unit, name: str, id_number: str, mobile: str, username: str = "", by,
                 request=None) -> User:
    """Add an agent (经办人) to ``unit``; the agent sets the password through a one-time link sent by SMS.

    Side effects: creates the ``User`` (kind ``agent``, no usable password until set through the link; username
    ``jb`` + 8 digits when not given), queues the SMS after commit, writes the audit row ``agent.added``.
    Raises ``AccountError`` if the mobile or the username is taken.
    """
    if User.objects.filter(mobile=mobile).exists():
        raise AccountError(_("手机号%(m)s已被其他账号使用,每个手机号只能对应一个账号。") % {"m": mobile})
    if username and User.objects.filter(username=username).exists():
        raise AccountError(_("登录名“%(u)s”已被使用,请换一个或留空由系统生成。") % {"u": username})
    try:
        with transaction.atomic():
            agent = User(kind=User.Kind.AGENT, unit=unit, name=name, id_number=id_number, mobile=mobile,
                         username=username or _free_username(), must_change_password=True)
            agent.set_unusable_password()
            agent.save()
            audit_record(actor=by, action="agent.added", obj=agent, detail=f"{unit.pk} {name}", request=request)
            _send_link(agent, unit, initial=True, request=request)
    except IntegrityError:  # registered meanwhile by someone else
        raise AccountError(_("该手机号或登录名已被使用,请检查后重试。")) from None
    return agent


def _free_username() -> str:
    while True:
        candidate = "jb" + random_digits(8)
        if not User.objects.filter(username=candidate).exists():
            return candidate


def agent_disable(*, agent: User, unit: Unit, by, request=None) -> User:
    """Disable an agent (停用): it can no longer log in and its open sessions end at their next request.

    Side effects: ``is_active`` = False, audit row ``agent.disabled``.
    """
    _check(agent, unit)
    if not agent.is_active:
        raise AccountError(_("该经办人已是停用状态。"))
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    audit_record(actor=by, action="agent.disabled", obj=agent, request=request)
    return agent


def agent_enable(*, agent: User, unit: Unit, by, request=None) -> User:
    """Enable a disabled agent (启用). Side effects: ``is_active`` = True, audit row ``agent.enabled``."""
    _check(agent, unit)
    if agent.is_active:
        raise AccountError(_("该经办人已是启用状态。"))
    agent.is_active = True
    agent.save(update_fields=["is_active"])
    audit_record(actor=by, action="agent.enabled", obj=agent, request=request)
    return agent


def agent_unbind(*, agent: User, unit: Unit, by, request=None) -> User:
    """Remove an agent from the unit (解绑): the row stays for the audit trail, the account can no longer log in.

    Side effects: ``unit`` = None, ``is_active`` = False, audit row ``agent.unbound`` (detail: the unit id).
    """
    _check(agent, unit)
    agent.unit = None
    agent.is_active = False
    agent.save(update_fields=["unit", "is_active"])
    audit_record(actor=by, action="agent.unbound", obj=agent, detail=str(unit.pk), request=request)
    return agent


def agent_reset_password(*, agent: User, unit: Unit, by, request=None) -> User:
    """Reset an agent's password (重置密码): the old one stops working, the agent sets a new one through a
    one-time link sent by SMS; a login lockout of the agent is lifted.

    Side effects: the password becomes unusable until set through the link, axes lockout reset for the
    username and the mobile, SMS queued after commit, audit row ``agent.password_reset``.
    """
    from axes.utils import reset as axes_reset

    _check(agent, unit)
    with transaction.atomic():
        agent.set_unusable_password()
        agent.must_change_password = True
        agent.save(update_fields=["password", "must_change_password"])
        audit_record(actor=by, action="agent.password_reset", obj=agent, request=request)
        _send_link(agent, unit, initial=False, request=request)
    for login_name in filter(None, [agent.username, agent.mobile]):
        axes_reset(username=login_name)
    return agent
