"""The hall's side menu, built from the kind registry and the current tenant's state."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.tenancy import UNIT_HALL, hall_owner

from .models import TODO_STATES
from .registry import kinds_for, links_for, start_url
from .selectors import hall_submissions


def _menu_facts(request, hall, owner):
    """At most one query: the 待办 count (unless the page already counted it: ``hall_todo_count`` keeps it on the
    request), and the kinds with a "…查询" entry that mean something now (the owner may start one, or has one to
    look up)."""
    kinds = [k for k in kinds_for(hall) if k.menu_query]
    startable = [k for k in kinds if k.may_start(owner)]
    rest = [k for k in kinds if k not in startable]
    todo = getattr(request, "_hall_todo_count", None)
    aggregates = {f"kind_{n}": Count("id", filter=Q(kind=k.code)) for n, k in enumerate(rest)}
    if todo is None:
        aggregates["todo"] = Count("id", filter=Q(state__in=TODO_STATES))
    counts = hall_submissions(request).aggregate(**aggregates) if aggregates else {}
    if todo is None:
        todo = request._hall_todo_count = counts["todo"]
    used = {k.code for n, k in enumerate(rest) if counts[f"kind_{n}"]}
    return todo, [k for k in kinds if k in startable or k.code in used]


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
        todo_count, queryable = _menu_facts(request, hall, owner)
        links = [link for link in links_for(hall) if link.visible(owner)]
        items = [{"label": k.label, "url": start_url(k, ns)} for k in kinds_for(hall) if k.may_start(owner)]
        items += [{"label": link.label, "url": reverse(link.url_name)} for link in links if link.business]
        items += [
            {"label": k.label + _("查询"), "url": reverse(f"{ns}:submissions") + f"?kind={k.code}"}
            for k in queryable
        ]
        if items:
            groups.append({"title": _("业务办理"), "items": items})
        queries = [{"label": link.label, "url": reverse(link.url_name)} for link in links if not link.business]
        if queries:
            groups.append({"title": _("信息查询"), "items": queries})
        groups.append({"title": _("我的业务"), "items": [
            {"label": _("待办"), "url": reverse(f"{ns}:todo"), "badge": todo_count},
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
