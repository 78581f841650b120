"""The hall's side menu, built from the kind registry and the current tenant's state.

Per request the menu costs what depends on the owner: which kinds it may start, which links it sees, which kinds it
has submissions of, and the 待办 count (``selectors.hall_counts``: one query, shared with the page). Everything
else — labels, ``reverse()`` of every entry, the rendered HTML — is built once per process for each combination
(``_menu_groups`` and ``_menu_html``, bounded caches) and reused.
"""

from functools import lru_cache

from django.template.loader import get_template
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.tenancy import UNIT_HALL, hall_owner

from .registry import kinds_for, links_for, start_url
from .selectors import hall_counts

#: Marks the 待办 item of the cached groups: its count (the badge) is filled in per request.
TODO_KEY = "todo"


class _Same:
    """A registry entry (kind or link) in a cache key, compared and hashed by identity: kinds may hold unhashable
    fields, and the key keeps the entry alive, so its id is never reused while cached."""

    __slots__ = ("entry",)

    def __init__(self, entry):
        self.entry = entry

    def __eq__(self, other):
        return isinstance(other, _Same) and other.entry is self.entry

    def __hash__(self):
        return id(self.entry)


@lru_cache(maxsize=512)
def _menu_groups(hall, is_agent, is_master, startable, links, queryable, language):
    """The menu's groups for one combination of the owner's state (entries wrapped in ``_Same``); the 待办 item
    has ``badge_key`` in place of its count. ``language`` is part of the key because labels are translated here."""
    startable, links, queryable = ([s.entry for s in group] for group in (startable, links, queryable))
    ns = "unit" if hall == UNIT_HALL else "me"
    groups = []
    if hall != UNIT_HALL or is_agent:
        items = [{"label": k.label, "url": start_url(k, ns)} for k in startable]
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
            {"label": _("待办"), "url": reverse(f"{ns}:todo"), "badge_key": TODO_KEY},
            {"label": _("办事列表"), "url": reverse(f"{ns}:submissions")},
        ]})
    if hall == UNIT_HALL:
        items = [{"label": _("单位首页"), "url": reverse("unit:home")}]
        if is_master:
            items.append({"label": _("经办人管理"), "url": reverse("unit:agents")})
            items.append({"label": _("业务绑定"), "url": reverse("unit:bind")})
        items.append({"label": _("承诺书"), "url": reverse("unit:commitment")})
        groups.append({"title": _("单位管理"), "items": items})
    return tuple(groups)


def _with_badge(groups, todo):
    """The cached groups with the 待办 count in place (only the groups holding it are copied)."""
    result = []
    for group in groups:
        if any("badge_key" in item for item in group["items"]):
            group = {**group, "items": [{**item, "badge": todo} if "badge_key" in item else item
                                        for item in group["items"]]}
        result.append(group)
    return result


class _Path:
    """What the menu template reads of the request: its path (the active entry)."""

    def __init__(self, path):
        self.path = path


@lru_cache(maxsize=2048)
def _menu_html(key, todo, path):
    groups = _with_badge(_menu_groups(*key), todo)
    return get_template("includes/hall_menu.html").render({"hall_menu": groups, "request": _Path(path)})


def hall_menu(request):
    hall = getattr(request, "hall", None)
    if hall is None:
        return {}
    owner = hall_owner(request)
    user = request.user
    does_business = hall != UNIT_HALL or user.is_agent
    startable = queryable = links = ()
    todo = None
    if does_business:
        counts = hall_counts(request)
        todo = counts["todo"]
        kinds = kinds_for(hall)
        startable = tuple(k for k in kinds if k.may_start(owner))
        queryable = tuple(k for k in kinds if k.menu_query and (k in startable or k.code in counts["used"]))
        links = tuple(link for link in links_for(hall) if link.visible(owner))
    key = (hall, user.is_agent, user.is_unit_master, *(tuple(map(_Same, group)) for group in (startable, links, queryable)),
           get_language())
    path = request.path
    return {"hall_menu": _with_badge(_menu_groups(*key), todo),
            "hall_menu_html": SimpleLazyObject(lambda: _menu_html(key, todo, path))}
