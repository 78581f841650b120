"""经办人管理 (master account only): list, add, and the POST-only actions on one agent of this unit."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import AgentForm
from ..services import AccountError
from ..tenancy import unit_hall


def _master_only(view):
    """Inside the unit hall, refuse agents: managing agents is the master account's job."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_unit_master:
            raise PermissionDenied(_("经办人管理须由单位账号办理。"))
        return view(request, *args, **kwargs)

    return unit_hall()(wrapped)


@_master_only
def agents(request):
    return render(request, "unit/agents.html", {"agents": selectors.unit_agents(request)})


@_master_only
def agent_add(request):
    form = AgentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agent = services.agent_create(unit=request.unit, name=data["name"], id_number=data["id_number"],
                                          mobile=data["mobile"], username=data["username"], by=request.user,
                                          request=request)
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已添加经办人%(name)s,登录名%(u)s,设置密码的链接已通过短信发送到其手机。")
                             % {"name": agent.name, "u": agent.username})
            return redirect("unit:agents")
    return render(request, "unit/agent_form.html", {"form": form})


ACTIONS = {
    "disable": (services.agent_disable, _("已停用经办人%(name)s。")),
    "enable": (services.agent_enable, _("已启用经办人%(name)s。")),
    "unbind": (services.agent_unbind, _("已将经办人%(name)s从本单位解绑。")),
    "reset_password": (services.agent_reset_password, _("已重置经办人%(name)s的密码,原密码已失效,设置新密码的链接已通过短信发送。")),
    "unlock": (lambda agent, unit, by, request: services.login_unlock(user=agent, unit=unit, by=by, request=request),
               _("已解除经办人%(name)s的登录锁定。")),
}


def _action(name):
    service, done = ACTIONS[name]

    @require_POST
    @_master_only
    def view(request, pk):
        agent = get_object_or_404(selectors.unit_agents(request), pk=pk)
        try:
            service(agent=agent, unit=request.unit, by=request.user, request=request)
        except AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done % {"name": agent.name})
        return redirect("unit:agents")

    view.__name__ = f"agent_{name}"
    return view


agent_disable = _action("disable")
agent_enable = _action("enable")
agent_unbind = _action("unbind")
agent_reset_password = _action("reset_password")
agent_unlock = _action("unlock")
