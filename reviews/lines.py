"""Many-line kinds, declared: what a kind's lines are and how the kernel checks, adds and shows them.

A kind with lines (50 new staff entered, then submitted once) gives its ``Kind`` a ``Lines``::

    Kind(code=KindCode.STAFF_RESUME, ..., lines=Lines(
        model=ResumeLine,                       # a model with a ForeignKey ``submission``
        build=resume_lines_build,               # build(submission, rows) -> unsaved lines (form and Excel rows)
        row_of=resume_line_row,                 # row_of(line) -> the plain values the checks take
        check_row=resume_check_row,             # check_row(row, facts) -> (cleaned, [(field, message)])
        check_set=resume_check_set,             # check_set(rows, facts) -> {index: [(field, message)]}
        label=lambda line: line.person.name,    # names a line in messages ("第2行 张三:…")
        facts=unit_facts,                       # facts(owner) -> what the checks need, looked up once
        related=("person",),
        table_template="enrollment/lines/resume_table.html",
        entry=PickEntry,                        # how the hall's draft page takes new lines
        pick=Pick(candidates=..., form=ResumeForm, ...),   # kinds that pick from the insured staff
        imports=(RESUME_IMPORT,),               # Excel import declarations (reviews.imports.spec)
    ))

One service (``reviews.drafts``) adds and removes lines and checks them at submit; one set of views
(``reviews.draft_views``) and templates (``reviews/draft.html``) serves the draft page of every such kind.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


def _no_facts(owner) -> dict:
    return {"owner": owner}


def _no_set_errors(rows, facts) -> dict:
    return {}


@dataclass(frozen=True)
class Pick:
    """A pick-from-a-list entry: candidates of the owner, the form of what happens to the ticked ones."""

    candidates: Callable  # candidates(owner, *, q="", exclude_submission=None) -> QuerySet of persons
    form: type  # form(data, owner=, candidates=); ``form.rows()`` -> rows for the draft service
    table: Callable  # table(owner, persons) -> context of the candidate table of one page ({"rows": …})
    template: str  # the candidate table
    button: str = _("加入名单")
    empty: str = _("没有可选择的人员。")
    page_size: int = 50


@dataclass(frozen=True)
class Lines:
    model: type
    build: Callable
    row_of: Callable
    check_row: Callable
    label: Callable
    table_template: str  # the lines on the draft page and in the summary: its table, given ``lines`` and ``start``
    entry: type  # a ``reviews.entries.Entry`` subclass
    check_set: Callable = _no_set_errors
    facts: Callable = _no_facts
    related: tuple[str, ...] = ()
    pick: Pick | None = None
    form: type | None = None  # for ``FormEntry``: form(data, owner=), its ``row`` the cleaned row of one line
    imports: tuple = ()  # ImportSpec declarations; ``register()`` puts them in the import registry
    search: Callable | None = None  # search(q) -> Q over the line model (the line list's search box)
    export: tuple = ()  # [(column label, line -> value)] of the Excel export; default: the model's fields
    count_by: str = ""  # a field with choices: every page of the submission shows the count of lines per value
    noun: str = _("人员")
    empty_message: str = _("请至少添加一名人员。")
    duplicate_message: str = _("本业务中已录入该人员,请刷新后查看。")
    removed_message: str = _("已从本业务中删除该人员。")
    gone_message: str = _("该人员已不在本业务中。")
    help_url: str = ""  # URL name of a page that helps fill the draft (参保人员), linked from its header
    help_label: str = ""
    extra: dict = field(default_factory=dict)
