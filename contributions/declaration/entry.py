"""The draft page's entry of 缴费基数申报: the unit's paying staff (searchable, one page at a time) with the last
declared wage and a box for the new one, and the effective month; filled boxes become lines."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Person
from enrollment.models import Membership
from reviews.entries import Entry, add_refusals_to_form
from siportal.core.codes import PaymentStatus

from ..models import WageLine
from . import rules

PAGE_SIZE = 50


def candidates(unit, *, q: str = "", exclude_submission=None):
    """The unit's paying staff not yet in the draft, by name: a query (paged by the caller)."""
    qs = Person.objects.filter(pk__in=Membership.objects.filter(unit=unit, status=PaymentStatus.PAYING)
                               .values("person_id"))
    if exclude_submission is not None:
        qs = qs.exclude(pk__in=WageLine.objects.filter(submission=exclude_submission).values("person_id"))
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(id_number__icontains=q)
    return qs.order_by("name", "pk").only("pk", "name", "id_number")


def undeclared(submission):
    """The unit's paying staff not in ``submission``: they keep their base."""
    return candidates(submission.unit, exclude_submission=submission)


class WageForm(forms.Form):
    effective_month = forms.CharField(label=gettext_lazy("生效年月"), max_length=10,
                                      help_text=gettext_lazy("六位年月,如202612;本月仅限申报期内,否则为下月"))

    def __init__(self, data=None, *, facts, names):
        super().__init__(data, initial={"effective_month": facts["next_month"]})
        self.facts, self.names, self.rows = facts, names, []

    def clean(self):
        data = self.data
        month, message = rules.effective_month_error(self.cleaned_data.get("effective_month"), self.facts)
        if message:
            self.add_error("effective_month", message)
        for pid, name in self.names.items():
            value = data.get(f"wage_{pid}", "").strip()
            if not value:
                continue
            wage, problem = rules.wage_of(value)
            if problem:
                self.add_error(None, f"{name}:{problem}")
            else:
                self.rows.append({"person_id": pid, "wage": wage, "effective_month": month})
        if not self.errors and not self.rows:
            raise forms.ValidationError(_("请至少为一名人员填写本次缴费工资。"))
        return self.cleaned_data


class WageEntry(Entry):
    template = "contributions/declaration/entry.html"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.facts = rules.declaration_facts(self.owner)
        names = {}
        if self.request.method == "POST":
            ids = [int(v) for v in self.request.POST.getlist("persons") if v.isdigit()]
            names = dict(candidates(self.owner).filter(pk__in=ids).values_list("pk", "name"))
        self.form = WageForm(self.request.POST or None, facts=self.facts, names=names)

    def rows(self):
        return self.form.rows if self.form.is_valid() else None

    def refused(self, errors):
        add_refusals_to_form(self.form, errors, names=[self.form.names[r["person_id"]] for r in self.form.rows])

    def added_message(self, added):
        return _("已申报%(n)d人的缴费工资,已自动保存到“待办”。核对缴费基数和缴费变化后请点击“提交审批”。") % {"n": added}

    def context(self):
        request = self.request
        q = request.GET.get("q", "").strip()
        page = Paginator(candidates(self.owner, q=q, exclude_submission=self.submission), PAGE_SIZE) \
            .get_page(request.GET.get("page"))
        people = list(page.object_list)
        info = rules.staff_wages(self.owner, [p.pk for p in people], self.facts["this_month"])
        rows = [{"person": p, "last": info.get(p.pk, {}).get("last"), "value": request.POST.get(f"wage_{p.pk}", "")}
                for p in people]
        return {"form": self.form, "page": page, "q": q, "rows": rows, "totals": totals(self.submission)}


def totals(submission) -> dict | None:
    """The declaration's totals: persons, monthly unit / personal change (one query)."""
    if submission is None:
        return None
    return WageLine.objects.filter(submission=submission).aggregate(
        unit=Sum("unit_change"), personal=Sum("personal_change"), wages=Sum("wage"), bases=Sum("base"))
