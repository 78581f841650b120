"""Tenancy: the one scoping helper per hall. A unit-hall request acts for exactly one unit, an individual-hall
request for exactly one person; every hall query goes through ``owner_scope`` (``request.owner`` in a hall, set by
the decorators below; the unit or person a task or the admin acts for elsewhere) so a foreign id is a 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

UNIT_HALL = "unit"
PERSON_HALL = "person"


def owner_scope(queryset, owner, *, unit_field: str = "unit", person_field: str = "person"):
    """Restrict ``queryset`` to what belongs to ``owner`` (a ``Unit`` or a ``Person``); nothing for no owner.

    The one tenancy gate: hall views pass ``request.owner`` (set by the hall decorators), Celery tasks and the
    admin pass the unit or person they act for.
    """
    from .models import Person, Unit

    if isinstance(owner, Unit):
        return queryset.filter(**{unit_field: owner})
    if isinstance(owner, Person):
        return queryset.filter(**{person_field: owner})
    return queryset.none()


def hall_scope(queryset, request, *, unit_field: str = "unit", person_field: str = "person"):
    """``owner_scope`` with the current hall's owner (``request.owner``)."""
    return owner_scope(queryset, getattr(request, "owner", None), unit_field=unit_field, person_field=person_field)


def hall_owner(request):
    return request.owner


def _change_password_first(request):
    """A password the system generated and sent by SMS must be replaced before any hall page opens."""
    messages.warning(request, _("您的密码由系统生成,请先修改密码后再办理业务。"))
    return redirect("accounts:password_change")


def _current_unit(user):
    """The user's unit with whether it has a commitment letter, read afresh on every request: a unit rebound,
    revoked or changed meanwhile never keeps access through a cached copy. The request's user already carries it
    (``accounts.backends.request_users`` loads it with the user, no query here); otherwise one query."""
    from .models import CommitmentLetter, Unit

    cached = user._state.fields_cache.get("unit")
    if cached is not None and cached.pk == user.unit_id and hasattr(cached, "commitment_uploaded"):
        return cached
    letters = CommitmentLetter.objects.filter(unit=OuterRef("pk"))
    return Unit.objects.select_related("region").annotate(commitment_uploaded=Exists(letters)).get(pk=user.unit_id)


def unit_hall(*, agent: bool = False, opened: bool = False, allow_unbound: bool = False,
              allow_no_commitment: bool = False):
    """Decorator for unit-hall views: sets ``request.hall`` and ``request.unit`` and enforces the gates.

    Gates in order: a unit account; a system-generated password already changed; bound to the centre (else
    only 业务绑定); commitment letter uploaded (else only 承诺书); ``agent=True`` refuses the master account (it
    manages agents, does no business); ``opened=True`` requires the unit opening (参保登记) to be done.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_agent or user.is_unit_master) or user.unit_id is None:
                raise PermissionDenied(_("此页面属于单位网厅,请使用单位账号或经办人账号登录。"))
            if user.must_change_password:
                return _change_password_first(request)
            request.hall = UNIT_HALL
            request.unit = request.owner = user.unit = _current_unit(user)
            if not allow_unbound and not request.unit.is_bound:
                if user.is_unit_master:
                    messages.info(request, _("请先使用经办机构发放的绑定用户名和密码完成业务绑定。"))
                    return redirect("unit:bind")
                raise PermissionDenied(_("本单位尚未完成业务绑定,请联系单位账号管理员。"))
            if not allow_no_commitment and request.unit.is_bound and not request.unit.commitment_uploaded:
                messages.info(request, _("请先下载、签章并上传《承诺书》,上传后方可办理业务。"))
                return redirect("unit:commitment")
            if agent and not user.is_agent:
                raise PermissionDenied(_("单位账号只能管理经办人,不能办理业务。请使用经办人账号登录办理。"))
            if opened and not request.unit.is_opened:
                messages.info(request, _("本单位尚未完成参保登记,请先办理“单位参保登记”。"))
                return redirect("unit:home")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def person_hall(view):
    """Decorator for individual-hall views: sets ``request.hall`` and ``request.person``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_individual or user.person_id is None:
            raise PermissionDenied(_("此页面属于个人网厅,请使用个人账号登录。"))
        if user.identity_pending:  # a photo request the centre has not approved yet: nothing may be done
            return render(request, "accounts/identity_pending.html", status=403)
        if user.must_change_password:
            return _change_password_first(request)
        request.hall = PERSON_HALL
        request.person = request.owner = user.person
        return view(request, *args, **kwargs)

    return wrapped
