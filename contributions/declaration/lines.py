"""The 缴费基数申报 lines declared for the kernel (``reviews.lines.Lines``) and the effect on approval."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reviews.lines import Lines

from ..models import WageBase, WageLine
from . import rules
from .entry import WageEntry


def line_row(line: WageLine) -> dict:
    return {"person_id": line.person_id, "wage": line.wage, "effective_month": line.effective_month}


def lines_build(submission, rows: list[dict]) -> list[WageLine]:
    """Unsaved lines of checked rows, priced in bulk (base after floor / ceiling, monthly cost change)."""
    fields = ("person_id", "wage", "effective_month", "last_wage", "base", "clamped", "unit_change",
              "personal_change")
    return [WageLine(submission=submission, **{f: row[f] for f in fields})
            for row in rules.price(submission.unit, rows)]


def _search(q: str) -> Q:
    return Q(person__name__icontains=q) | Q(person__id_number__icontains=q)


def wage_lines(imports=()) -> Lines:
    return Lines(
        model=WageLine, build=lines_build, row_of=line_row, check_row=rules.check_row, check_set=rules.check_set,
        facts=rules.declaration_facts, label=lambda line: line.person.name, related=("person",),
        table_template="contributions/declaration/table.html", entry=WageEntry, imports=imports, search=_search,
        export=((_("姓名"), lambda line: line.person.name), (_("生效年月"), lambda line: line.effective_month),
                (_("上次申报工资"), lambda line: line.last_wage), (_("本次缴费工资"), lambda line: line.wage),
                (_("缴费基数"), lambda line: line.base), (_("单位月缴变化"), lambda line: line.unit_change),
                (_("个人月缴变化"), lambda line: line.personal_change)),
        empty_message=_("请至少为一名人员填写本次缴费工资。"),
        help_url="unit:members", help_label=_("查看参保人员"),
    )


def wage_bases_apply(submission) -> int:
    """On approval: one ``WageBase`` per line (person × unit × effective month), written or overwritten in one
    upsert — approving or applying again leaves one row each. Returns the number of lines."""
    rows = WageLine.objects.filter(submission=submission).values_list("person_id", "wage", "effective_month")
    bases = [WageBase(person_id=pid, unit_id=submission.unit_id, effective_month=month, wage=wage,
                      submission=submission) for pid, wage, month in rows.iterator(chunk_size=5000)]
    with transaction.atomic():
        WageBase.objects.bulk_create(bases, batch_size=5000, update_conflicts=True,
                                     unique_fields=["person", "unit", "effective_month"],
                                     update_fields=["wage", "submission"])
    return len(bases)
