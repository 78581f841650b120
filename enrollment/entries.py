"""How the draft pages of 职工新参保登记 and 增员 take a new line (``reviews.entries.Entry``): one form per person;
增员 first looks the person up by 证件类型 + 号码 + 姓名 (a POST, so they stay out of URLs and logs), shows the
masked record, then adds with types, wage and start month (the add post looks the person up again, audited)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.entries import Entry
from siportal.core.masking import mask_id, mask_name
from siportal.core.validators import month_of

from . import rules, selectors, services
from .forms import AddLineForm, JoinLineForm, PersonLookupForm


class JoinEntry(Entry):
    template = "reviews/entries/form.html"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.form = JoinLineForm(self.request.POST or None, unit_types=selectors.unit_insurance_types(self.owner))

    def rows(self):
        return [self.form.row] if self.form.is_valid() else None

    def added_message(self, added):
        return (_("已添加%(name)s,已自动保存到“待办”。可继续添加,全部录入后请点击“提交审批”。")
                % {"name": self.form.row["name"]})


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


def _warnings(unit, key, unit_types) -> list[str]:
    """What would stop this person being added from this month, said before the agent fills anything in."""
    row = {"id_type": key[0], "id_number": key[1], "insurance_types": unit_types,
           "start_month": month_of(timezone.localdate())}
    errors = rules.join_registry_errors([row], unit=unit, new_person=False)
    return [message for _field, message in errors.get(0, [])]


class AddEntry(Entry):
    template = "enrollment/entries/add.html"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        request = self.request
        self.adding = request.method == "POST" and "lookup" not in request.POST
        source = request.POST if request.method == "POST" else (request.GET if "id_number" in request.GET else None)
        self.lookup = PersonLookupForm(source, auto_id="lookup_%s")  # the add form below has the same fields
        self.record, self.person = None, None
        if self.lookup.is_bound and self.lookup.is_valid():
            self.person = self._look_up("add" if self.adding else "lookup")
        if self.person is not None:
            unit_types = selectors.unit_insurance_types(self.owner)
            key = (self.person.id_type, self.person.id_number)
            self.record = _record(self.person, self.owner)
            self.record["warnings"] = _warnings(self.owner, key, unit_types)
            initial = {"id_type": key[0], "id_number": key[1], "name": self.lookup.cleaned_data["name"]}
            self.form = AddLineForm(request.POST if self.adding else None, unit_types=unit_types, initial=initial)

    def _look_up(self, purpose):
        """The registry's person named by the look-up form, or None with the reason on the form (the same whether
        the ID is unknown or the name differs). Audited and counted by the service."""
        data = self.lookup.cleaned_data
        try:
            person = services.person_lookup(by=self.request.user, id_type=data["id_type"],
                                            id_number=data["id_number"], name=data["name"], purpose=purpose,
                                            request=self.request)
        except services.LookupRefused as exc:
            self.lookup.add_error(None, str(exc))
            return None
        if person is None:
            self.lookup.add_error("id_number", rules.not_registered_message())
        return person

    def rows(self):
        if self.adding and self.form is not None and self.form.is_valid():
            return [self.form.row]
        return None

    def added_message(self, added):
        return (_("已添加%(name)s,已自动保存到“待办”。可继续添加,全部录入后请点击“提交审批”。")
                % {"name": self.person.name})

    def context(self):
        return {"lookup": self.lookup, "record": self.record, "form": self.form}
