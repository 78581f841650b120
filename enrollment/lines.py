"""The lines of the many-line staff kinds (新参保, 增员, 减员, 续保), declared for the kernel (``reviews.lines``).

Each declaration names the line model, how a row (a hall form's or an Excel row's, cleaned by
``enrollment.rules.*_row_errors``) becomes a line, the per-line and whole-set checks, and the draft page's entry.
The kernel's draft service, views and templates do the rest.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reviews.entries import PickEntry
from reviews.lines import Lines, Pick

from . import rules, selectors
from .entries import AddEntry, JoinEntry
from .forms import ResumeForm, StopForm
from .models import JoinLine, ResumeLine, StopLine


def unit_facts(unit) -> dict:
    """What the checks of a unit's lines need, looked up once: the unit and its insurance types."""
    return {"unit": unit, "unit_types": selectors.unit_insurance_types(unit)}


# ---------------------------------------------------------------- 新参保 and 增员

JOIN_FIELDS = ("id_type", "id_number", "name", "sex", "birth_date", "ethnicity", "hukou_type", "mobile",
               "employment_form", "work_start_date", "wage", "insurance_types", "start_month")


def join_line_row(line: JoinLine) -> dict:
    """A saved line as the plain values the rules take (also what an Excel row maps to)."""
    return {f: getattr(line, f) for f in JOIN_FIELDS} | {"person_id": line.person_id}


def join_lines_build(submission, rows: list[dict]) -> list[JoinLine]:
    """Unsaved ``JoinLine`` objects of checked rows (``bulk_create`` by the draft service, COPY by the import);
    增员 lines (rows of persons in the registry) are linked to their person and copy the registry's data, one
    query for all rows."""
    persons = {}
    if rows and submission_adds_known(submission):
        persons = rules.persons_by_id({(r["id_type"], r["id_number"]) for r in rows})
    fields = set(JOIN_FIELDS)
    lines = []
    for row in rows:
        line = JoinLine(submission=submission, **{k: v for k, v in row.items() if k in fields})
        person = persons.get((row["id_type"], row["id_number"]))
        if person is not None:  # 增员: the registry's data, as they stand today
            line.person, line.name, line.sex, line.birth_date = person, person.name, person.sex, person.birth_date
            line.ethnicity, line.hukou_type, line.mobile = person.ethnicity, person.hukou_type, person.mobile
        lines.append(line)
    return lines


def submission_adds_known(submission) -> bool:
    """增员 (persons already in the registry) rather than 新参保: read from the kind's declaration."""
    from reviews.registry import get_kind

    return get_kind(submission.kind).lines.extra.get("known_persons", False)


def _join_checks(*, new_person: bool):
    def check_row(row, facts):
        cleaned, errors = rules.join_row_errors(row, unit_types=facts["unit_types"], new_person=new_person)
        cleaned["person_id"] = row.get("person_id")
        return cleaned, errors

    def check_set(rows, facts):
        return rules.join_registry_errors(rows, unit=facts["unit"], new_person=new_person)

    return check_row, check_set


def _search_join(q: str) -> Q:
    return Q(name__icontains=q) | Q(id_number__icontains=q)


def _search_person(q: str) -> Q:
    return Q(person__name__icontains=q) | Q(person__id_number__icontains=q)


def join_lines(*, entry, known_persons: bool, imports=()) -> Lines:
    check_row, check_set = _join_checks(new_person=not known_persons)
    return Lines(
        model=JoinLine, build=join_lines_build, row_of=join_line_row, check_row=check_row, check_set=check_set,
        label=lambda line: line.name, facts=unit_facts, entry=entry, imports=imports, search=_search_join,
        count_by="employment_form",
        table_template="enrollment/lines/join_table.html", help_url="unit:members", help_label=_("查看参保人员"),
        extra={"known_persons": known_persons},
    )


# ---------------------------------------------------------------- 减员 and 续保


def stop_line_row(line: StopLine) -> dict:
    return {"person_id": line.person_id, "reason": line.reason, "stop_month": line.stop_month,
            "insurance_types": line.insurance_types}


def stop_lines_build(submission, rows: list[dict]) -> list[StopLine]:
    return [StopLine(submission=submission, person_id=r["person_id"], reason=r["reason"], stop_month=r["stop_month"],
                     insurance_types=r["insurance_types"]) for r in rows]


def resume_line_row(line: ResumeLine) -> dict:
    return {"person_id": line.person_id, "reason": line.reason, "month": line.month,
            "insurance_types": line.insurance_types, "wage": line.wage}


def resume_lines_build(submission, rows: list[dict]) -> list[ResumeLine]:
    return [ResumeLine(submission=submission, person_id=r["person_id"], reason=r["reason"], month=r["month"],
                       insurance_types=r["insurance_types"], wage=r.get("wage")) for r in rows]


def _with_person(check):
    def check_row(row, facts):
        cleaned, errors = check(row, unit_types=facts["unit_types"])
        cleaned["person_id"] = row["person_id"]
        return cleaned, errors

    return check_row


def _candidate_table(owner, persons) -> dict:
    """The candidate list's rows: each person with their membership of every type the unit pays."""
    unit_types = selectors.unit_insurance_types(owner)
    by_person = selectors.memberships_by_person(owner, persons)
    return {"unit_types": unit_types,
            "rows": [{"person": p, "memberships": [by_person[p.pk].get(t) for t in unit_types]} for p in persons]}


def _pick_form(form_class):
    def make(data, *, owner, candidates):
        return form_class(data, unit_types=selectors.unit_insurance_types(owner), candidates=candidates)

    return make


def pick_lines(*, model, build, row_of, check, check_set, candidates, form, table_template, button, empty,
               imports=()) -> Lines:
    return Lines(
        model=model, build=build, row_of=row_of, check_row=_with_person(check),
        check_set=lambda rows, facts: check_set(rows, unit=facts["unit"]),
        label=lambda line: line.person.name, facts=unit_facts, related=("person",), entry=PickEntry,
        search=_search_person, table_template=table_template, imports=imports, count_by="reason",
        help_url="unit:members", help_label=_("查看参保人员"),
        pick=Pick(candidates=candidates, form=_pick_form(form), table=_candidate_table,
                  template="enrollment/lines/candidates.html", button=button, empty=empty),
    )


def enrol_lines(imports=()) -> Lines:
    return join_lines(entry=JoinEntry, known_persons=False, imports=imports)


def add_lines(imports=()) -> Lines:
    return join_lines(entry=AddEntry, known_persons=True, imports=imports)


def stop_lines(imports=()) -> Lines:
    return pick_lines(model=StopLine, build=stop_lines_build, row_of=stop_line_row, check=rules.stop_row_errors,
                      check_set=rules.stop_registry_errors, candidates=selectors.stop_candidates, form=StopForm, imports=imports,
                      table_template="enrollment/lines/stop_table.html", button=_("加入减员名单"),
                      empty=_("没有参保缴费的人员。"))


def resume_lines(imports=()) -> Lines:
    return pick_lines(model=ResumeLine, build=resume_lines_build, row_of=resume_line_row,
                      check=rules.resume_row_errors, check_set=rules.resume_registry_errors, candidates=selectors.resume_candidates, form=ResumeForm,
                      imports=imports, table_template="enrollment/lines/resume_table.html",
                      button=_("加入续保名单"), empty=_("没有暂停缴费的人员。"))
