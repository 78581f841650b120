"""The hall's side menu, built from the kind registry and the current tenant's state."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.tenancy import UNIT_HALL, hall_owner

from .registry import kinds_for, links_for, start_url
from .selectors import hall_todo_count


def hall_menu(request):
    hall = getattr(request, "hall", None)
    if hall is None:
        return {}
    ns = "unit" if hall == UNIT_HALL else "me"
    owner = hall_owner(request)
    user = request.user
    groups = []
    does_business = hall != UNIT_HALL or user.is_agent
    if does_business:
        links = [link for link in links_for(hall) if link.visible(owner)]
        items = [{"label": k.label, "url": start_url(k, ns)} for k in kinds_for(hall) if k.may_start(owner)]
        items += [{"label": link.label, "url": reverse(link.url_name)} for link in links if link.business]
        items += [
            {"label": k.label + _("查询"), "url": reverse(f"{ns}:submissions") + f"?kind={k.code}"}
            for k in kinds_for(hall) if k.menu_query
        ]
        if items:
            groups.append({"title": _("业务办理"), "items": items})
        queries = [{"label": link.label, "url": reverse(link.url_name)} for link in links if not link.business]
        if queries:
            groups.append({"title": _("信息查询"), "items": queries})
        groups.append({"title": _("我的业务"), "items": [
            {"label": _("待办"), "url": reverse(f"{ns}:todo"), "badge": hall_todo_count(request)},
            {"label": _("办事列表"), "url": reverse(f"{ns}:submissions")},
        ]})
    if hall == UNIT_HALL:
        items = [{"label": _("单位首页"), "url": reverse("unit:home")}]
        if user.is_unit_master:
            items.append({"label": _("经办人管理"), "url": reverse("unit:agents")})
            items.append({"label": _("业务绑定"), "url": reverse("unit:bind")})
        items.append({"label": _("承诺书"), "url": reverse("unit:commitment")})
        groups.append({"title": _("单位管理"), "items": items})
    return {"hall_menu": groups}
