"""The portal's landing page: what each hall offers, read from the kind registry and the hall links.

Nothing here names a business: a kind or a link registered by a domain app appears on the page by itself, and
only what is registered (so only what exists) is listed.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .registry import kinds_for, links_for, start_url

HALL_NAMESPACES = {"unit": "unit", "person": "me"}

# Pages of the accounts app that every unit or person starts with (registration and the unit's set-up).
ACCOUNT_PAGES = {
    "unit": [(gettext_lazy("单位注册"), "accounts:register_unit"), (gettext_lazy("业务绑定"), "unit:bind"),
             (gettext_lazy("承诺书"), "unit:commitment"), (gettext_lazy("经办人管理"), "unit:agents")],
    "person": [(gettext_lazy("个人注册"), "accounts:register_person")],
}


def hall_catalogue(hall: str) -> list[dict]:
    """Groups of ``{"label", "url"}`` items for ``hall`` ("unit" or "person"); empty groups are left out."""
    ns = HALL_NAMESPACES[hall]
    links = links_for(hall)
    groups = [
        (_("注册与账号"), [{"label": label, "url": reverse(name)} for label, name in ACCOUNT_PAGES[hall]]),
        (_("业务办理"), [{"label": k.label, "url": start_url(k, ns)} for k in kinds_for(hall)]
         + [{"label": link.label, "url": reverse(link.url_name)} for link in links if link.business]),
        (_("查询"), [{"label": link.label, "url": reverse(link.url_name)} for link in links if not link.business]
         + [{"label": _("待办"), "url": reverse(f"{ns}:todo")},
            {"label": _("办事列表"), "url": reverse(f"{ns}:submissions")}]),
    ]
    return [{"title": title, "items": items} for title, items in groups if items]


def home(request):
    """Send a signed-in user to their hall; show everyone else what the halls offer."""
    user = request.user
    if user.is_authenticated:
        if user.is_staff:
            return redirect("admin:index")
        if user.is_agent or user.is_unit_master:
            return redirect("unit:home")
        if user.is_individual:
            return redirect("me:home")
    return render(request, "home.html", {"unit_catalogue": hall_catalogue("unit"),
                                         "person_catalogue": hall_catalogue("person")})
