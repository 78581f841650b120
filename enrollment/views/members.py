"""参保人员: the unit's insured persons (masked list, search and filters) and one person's audited detail."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.tenancy import unit_hall
from reviews.selectors import hall_scopes
from siportal.core import versions
from siportal.core.codes import Ethnicity, HukouType, InsuranceType, PaymentStatus
from siportal.core.http import no_store
from siportal.core.listing import QueryOnly, list_query
from siportal.core.services import audit_record

from .. import selectors

unit_agent = unit_hall(agent=True, opened=True)

PAGE_SIZE = 20


@unit_agent
def members(request):
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    insurance_type = request.GET.get("type", "")
    status = status if status in PaymentStatus.values else ""
    insurance_type = insurance_type if insurance_type in InsuranceType.values else ""
    criteria = {"q": q, "status": status, "insurance_type": insurance_type}
    page_number = request.GET.get("page", "")
    query = list_query((("q", q), ("status", status), ("type", insurance_type), ("page", page_number)))

    def body():
        unit_types = selectors.unit_insurance_types(request.unit)
        paginator = Paginator(selectors.unit_members(request.owner, **criteria), PAGE_SIZE)
        paginator.count = selectors.unit_members_count(request.owner, **criteria)
        page = paginator.get_page(page_number)
        by_person = selectors.memberships_by_person(request.owner, page.object_list)
        rows = [{"person": p, "memberships": [by_person[p.pk].get(t) for t in unit_types]}
                for p in page.object_list]
        context = {
            "page": page, "rows": rows, "unit_types": [(t, InsuranceType(t).label) for t in unit_types],
            "statuses": PaymentStatus.choices, "current": {"q": q, "status": status, "type": insurance_type},
            "request": QueryOnly(query),
        }
        return mark_safe(render_to_string("enrollment/_members_body.html", context))

    # The list, its filters and pager, rendered once per query until the unit's staff or persons change (the
    # unit's insurance types change only by an approved submission: its scope too).
    unit = request.unit
    scopes = [f"members:unit:{unit.pk}", f"sub:unit:{unit.pk}"]
    versions.prefetch([*scopes, *hall_scopes(request)])  # with the menu's counts', in one round trip
    html = versions.cached(scopes,
                           f"members:{unit.pk}:{get_language()}:{query.urlencode()}", body)
    return render(request, "enrollment/members.html", {"body_html": html})


@no_store
@unit_agent
def member_detail(request, pk):
    person = get_object_or_404(selectors.unit_members(request.owner), pk=pk)
    audit_record(actor=request.user, action="person.viewed", obj=person, request=request,
                 detail=f"unit {request.unit.pk}")
    memberships = selectors.unit_memberships(request.owner).filter(person=person).select_related("last_submission")
    context = {"person": person, "memberships": memberships,
               "history": selectors.member_history(request.owner, person),
               "ethnicity": dict(Ethnicity.choices).get(person.ethnicity, person.ethnicity),
               "hukou": dict(HukouType.choices).get(person.hukou_type, person.hukou_type)}
    return render(request, "enrollment/member_detail.html", context)
