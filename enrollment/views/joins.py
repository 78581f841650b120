"""职工新参保登记 and 增员: a draft page listing the persons entered, a form to add one more, 提交审批."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.services import TransitionRefused
from siportal.core.masking import mask_id, mask_name
from siportal.core.validators import month_of

from .. import rules, selectors, services
from ..forms import AddLineForm, JoinLineForm, PersonLookupForm
from ..models import KindCode
from .drafts import add_refusals_to_form, draft_or_redirect, page_context, unit_agent


def _add_lines(request, form, kind, submission, edit_view, name):
    """Hand the form's row to the service: a redirect to the draft when done, else None (errors on the form)."""
    try:
        submission, added = services.join_lines_add(
            kind=kind, by=request.user, unit=request.unit, rows=[form.row], submission=submission,
            client_token=request.POST.get("client_token", ""))
    except services.LinesRefused as exc:
        add_refusals_to_form(form, exc.errors)
        return None
    except TransitionRefused as exc:
        messages.error(request, str(exc))
        return None
    if added:
        messages.success(request, _("已添加%(name)s,已自动保存到“待办”。可继续添加,全部录入后请点击“提交审批”。")
                         % {"name": name})
    return redirect(edit_view, pk=submission.pk)


@unit_agent
def enrol(request, pk=None):
    """职工新参保登记: persons never insured; one form per person, any number of persons, one submit."""
    submission, early = draft_or_redirect(request, KindCode.STAFF_ENROL, pk)
    if early:
        return early
    unit_types = selectors.unit_insurance_types(request.unit)
    form = JoinLineForm(request.POST or None, unit_types=unit_types)
    if request.method == "POST" and form.is_valid():
        done = _add_lines(request, form, KindCode.STAFF_ENROL, submission, "unit:enrol_edit", form.row["name"])
        if done:
            return done
    return render(request, "enrollment/join_draft.html",
                  page_context(request, KindCode.STAFF_ENROL, submission, form=form))


def _where(membership, unit) -> str:
    if membership.unit_id == unit.pk:
        return _("本单位")
    return rules.mask_unit_name(membership.unit.name) if membership.unit_id else _("个人参保")


def _record(person, unit) -> dict:
    """What an agent may see of a person found by ID number before adding them: masked, plus where they pay."""
    memberships = [{"type": m.get_insurance_type_display(), "status": m.status, "status_label": m.get_status_display(),
                    "where": _where(m, unit), "start_month": m.start_month, "stop_month": m.stop_month}
                   for m in selectors.person_memberships(person)]
    return {"person": person, "name": mask_name(person.name), "id_number": mask_id(person.id_number),
            "memberships": memberships}


def _warnings(request, key, unit_types) -> list[str]:
    """What would stop this person being added from this month, said before the agent fills anything in."""
    row = {"id_type": key[0], "id_number": key[1], "insurance_types": unit_types,
           "start_month": month_of(timezone.localdate())}
    errors = rules.join_registry_errors([row], unit=request.unit, new_person=False)
    return [message for _field, message in errors.get(0, [])]


def _look_up(request, lookup, purpose):
    """The registry's person named by the look-up form's ID number and name, or None with the reason on the form
    (the same whether the ID is unknown or the name differs). Audited and counted by the service."""
    data = lookup.cleaned_data
    try:
        person = services.person_lookup(by=request.user, id_type=data["id_type"], id_number=data["id_number"],
                                        name=data["name"], purpose=purpose, request=request)
    except services.LookupRefused as exc:
        lookup.add_error(None, str(exc))
        return None
    if person is None:
        lookup.add_error("id_number", rules.not_registered_message())
    return person


@unit_agent
def add(request, pk=None):
    """增员: look a person up by 证件类型 + 号码 + 姓名 (a POST, so they stay out of URLs and logs), see the masked
    record, add with types, wage and start month (the add post looks the person up again, audited as well)."""
    submission, early = draft_or_redirect(request, KindCode.STAFF_ADD, pk)
    if early:
        return early
    unit_types = selectors.unit_insurance_types(request.unit)
    adding = request.method == "POST" and "lookup" not in request.POST
    source = request.POST if request.method == "POST" else (request.GET if "id_number" in request.GET else None)
    lookup = PersonLookupForm(source, auto_id="lookup_%s")  # the add form below has the same fields
    record, form = None, None
    if lookup.is_bound and lookup.is_valid():
        person = _look_up(request, lookup, "add" if adding else "lookup")
        if person is not None:
            key = (person.id_type, person.id_number)
            record = _record(person, request.unit)
            record["warnings"] = _warnings(request, key, unit_types)
            initial = {"id_type": key[0], "id_number": key[1], "name": lookup.cleaned_data["name"]}
            form = AddLineForm(request.POST if adding else None, unit_types=unit_types, initial=initial)
            if adding and form.is_valid():
                done = _add_lines(request, form, KindCode.STAFF_ADD, submission, "unit:add_edit", person.name)
                if done:
                    return done
    return render(request, "enrollment/add_draft.html",
                  page_context(request, KindCode.STAFF_ADD, submission, lookup=lookup, record=record, form=form))
