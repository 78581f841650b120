"""减员 (停保) and 续保: tick persons in the unit's list (search by name or ID), give the reason and the month."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.services import TransitionRefused

from .. import selectors, services
from ..forms import ResumeForm, StopForm
from ..models import KindCode
from .drafts import add_refusals_to_form, draft_or_redirect, page_context, unit_agent

PICK_PAGE_SIZE = 50

PAGES = {
    KindCode.STAFF_STOP: {"candidates": selectors.stop_candidates, "form": StopForm, "add": services.stop_lines_add,
                          "edit_view": "unit:stop_edit", "button": gettext_lazy("加入减员名单"),
                          "empty": gettext_lazy("没有参保缴费的人员。")},
    KindCode.STAFF_RESUME: {"candidates": selectors.resume_candidates, "form": ResumeForm,
                            "add": services.resume_lines_add, "edit_view": "unit:resume_edit",
                            "button": gettext_lazy("加入续保名单"), "empty": gettext_lazy("没有暂停缴费的人员。")},
}


def _pick_page(request, kind, pk):
    submission, early = draft_or_redirect(request, kind, pk)
    if early:
        return early
    conf = PAGES[kind]
    unit_types = selectors.unit_insurance_types(request.unit)
    form = conf["form"](request.POST or None, unit_types=unit_types,
                        candidates=conf["candidates"](request, exclude_submission=submission))
    if request.method == "POST" and form.is_valid():
        persons = list(form.cleaned_data["persons"])
        try:
            submission, added = conf["add"](by=request.user, unit=request.unit, rows=form.rows(),
                                            submission=submission, client_token=request.POST.get("client_token", ""))
        except services.LinesRefused as exc:
            add_refusals_to_form(form, exc.errors, names=[p.name for p in persons])
        except TransitionRefused as exc:
            messages.error(request, str(exc))
        else:
            if added:
                messages.success(request, _("已加入%(n)d人,已自动保存到“待办”。确认名单无误后请点击“提交审批”。")
                                 % {"n": added})
            return redirect(conf["edit_view"], pk=submission.pk)
    q = request.GET.get("q", "").strip()
    page = Paginator(conf["candidates"](request, q=q, exclude_submission=submission),
                     PICK_PAGE_SIZE).get_page(request.GET.get("page"))
    by_person = selectors.memberships_by_person(request, page.object_list)
    rows = [{"person": p, "memberships": [by_person[p.pk].get(t) for t in unit_types]} for p in page.object_list]
    ticked = {str(v) for v in request.POST.getlist("persons")}
    return render(request, "enrollment/pick_draft.html", page_context(
        request, kind, submission, form=form, page=page, rows=rows, q=q, unit_types=unit_types, ticked=ticked,
        button=conf["button"], empty=conf["empty"]))


@unit_agent
def stop(request, pk=None):
    return _pick_page(request, KindCode.STAFF_STOP, pk)


@unit_agent
def resume(request, pk=None):
    return _pick_page(request, KindCode.STAFF_RESUME, pk)
