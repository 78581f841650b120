"""Lifting a login lockout: the unit master account for its agents, the centre for anyone (audited)."""

from django.utils.translation import gettext as _

from siportal.core.services import audit_record

from .. import abuse
from ..models import User
from .common import AccountError


def login_unlock(*, user: User, by, unit=None, request=None) -> User:
    """Lift every login lockout of ``user`` (all IPs) and its CAPTCHA requirement.

    Allowed for the master account of the agent's unit (``unit`` = the master's unit) or centre staff.
    Side effects: axes attempts of the login name deleted, audit row ``user.unlocked``.
    Raises ``AccountError`` when ``by`` may not unlock this user.
    """
    from axes.utils import reset as axes_reset

    if unit is not None:
        if not (user.is_agent and user.unit_id == unit.pk):
            raise AccountError(_("该经办人不属于本单位。"))
    elif not getattr(by, "is_staff", False):
        raise AccountError(_("只有经办机构工作人员或本单位账号可以解除锁定。"))
    axes_reset(username=user.username)
    abuse.login_failures_forget(user.username)
    audit_record(actor=by, action="user.unlocked", obj=user, request=request)
    return user
