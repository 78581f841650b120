"""How the hall's draft page of a many-line kind takes new lines: an ``Entry`` per kind (named by its ``Lines``).

The generic draft view builds the kind's entry for each request, asks it for the rows of a POST (``rows()``:
None when nothing valid was posted), hands them to ``reviews.drafts.draft_lines_add``, gives per-row refusals back
(``refused()``) and renders ``reviews/draft.html`` with the entry's ``template`` and ``context()``.
``PickEntry`` serves every kind that picks persons from a candidate list (``Lines.pick``).
"""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _


class Entry:
    template = ""

    def __init__(self, *, request, kind, owner, submission):
        self.request, self.kind, self.owner, self.submission = request, kind, owner, submission
        self.form = None

    def rows(self) -> list[dict] | None:
        """The cleaned rows of this POST, or None (the form shows its errors)."""
        raise NotImplementedError

    def refused(self, errors: dict) -> None:
        """Per-row errors of ``LinesRefused`` onto the form: on their field for one row."""
        add_refusals_to_form(self.form, errors)

    def added_message(self, added: int) -> str:
        return _("已加入%(n)d条,已自动保存到“待办”。确认无误后请点击“提交审批”。") % {"n": added}

    def context(self) -> dict:
        return {"form": self.form}


def add_refusals_to_form(form, errors: dict, names=None) -> None:
    """Per-row errors onto a form: on their field for one row, prefixed by the row's name when several."""
    for index, rows in errors.items():
        for field, message in rows:
            if names is None:
                visible = field in form.fields and not form.fields[field].widget.is_hidden
                form.add_error(field if visible else None, message)
            else:
                form.add_error(None, f"{names[index]}:{message}")


class FormEntry(Entry):
    """One form, one line: ``Lines.form(data, owner=)``, whose ``row`` is the cleaned row."""

    template = "reviews/entries/form.html"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.form = self.kind.lines.form(self.request.POST or None, owner=self.owner)

    def rows(self):
        return [self.form.row] if self.form.is_valid() else None


class PickEntry(Entry):
    """Tick persons in the owner's candidate list (searchable, paged), say what happens to them, add them."""

    template = "reviews/entries/pick.html"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pick = self.kind.lines.pick
        self.form = self.pick.form(self.request.POST or None, owner=self.owner,
                                   candidates=self.pick.candidates(self.owner, exclude_submission=self.submission))

    def rows(self):
        if not self.form.is_valid():
            return None
        self.persons = list(self.form.cleaned_data["persons"])
        return self.form.rows()

    def refused(self, errors):
        add_refusals_to_form(self.form, errors, names=[p.name for p in self.persons])

    def added_message(self, added):
        return _("已加入%(n)d人,已自动保存到“待办”。确认名单无误后请点击“提交审批”。") % {"n": added}

    def context(self):
        request = self.request
        q = request.GET.get("q", "").strip()
        page = Paginator(self.pick.candidates(self.owner, q=q, exclude_submission=self.submission),
                         self.pick.page_size).get_page(request.GET.get("page"))
        return {"form": self.form, "page": page, "q": q, "ticked": {str(v) for v in request.POST.getlist("persons")},
                "pick": self.pick, **self.pick.table(self.owner, page.object_list)}
