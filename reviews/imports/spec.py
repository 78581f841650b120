"""The mapping registry: how one kind of submission is filled from a spreadsheet, declared once.

A domain app declares an ``ImportSpec`` and attaches it to its kind's lines (``Lines(imports=(SPEC,))``);
``reviews.registry.register`` puts it in this registry (one registry: no import without its kind)::

    SPEC = ImportSpec(
        code="new_enrolment", kind="new_enrolment", label=_("批量职工新参保登记"),
        columns=(
            Column("id_type", _("证件类型"), required=True, codes=IdType.choices, default="01"),
            Column("id_number", _("证件号码"), required=True, parse=to_id_text, text=True, aliases=("身份证号码",)),
            Column("name", _("姓名"), required=True),
            Column("wage", _("缴费工资"), required=True, parse=to_decimal),
        ),
        unique=(("id_type", "id_number"),),   # duplicates inside the file, checked by the engine
        clean=clean_row,                      # optional: one row across its cells (normalise the ID by its type)
        validate=validate_rows,               # many rows at once: database checks in sets, row.refuse(key, msg)
    )

The engine reads the file, converts every cell with its column's ``parse`` (a ``CellError`` refuses the row with
the column named), calls ``clean`` per row, checks ``unique``, then calls ``validate`` and ``write`` with chunks of
at most ``chunk_size`` rows (``write`` runs inside one transaction with the submission's creation; by default
the kind's ``Lines.build`` makes the lines, the same path a hall form's rows take).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

from siportal.core.excel import HeaderSpec, SheetColumn, to_code, to_text
from siportal.core.excel.cells import code_lookup


@dataclass(frozen=True)
class Column:
    """One template column: the key the mapping reads, the header label, and how a cell becomes a value."""

    key: str
    label: str
    required: bool = False
    parse: Callable | None = None  # cell value → typed value, raising CellError; default: codes or text
    codes: Sequence[tuple[str, str]] | Callable[[], Sequence[tuple[str, str]]] = ()  # a dropdown code list
    text: bool = False  # formatted as text in the template (IDs, months, zero-padded codes)
    aliases: tuple[str, ...] = ()  # other header names accepted in uploaded files
    example: object = ""  # shown on the instruction sheet; a callable is called when the template is written
    note: str = ""
    width: int = 16
    default: object = None  # the value of an empty optional cell

    def code_list(self) -> list[tuple[str, str]]:
        return [(str(c), str(label)) for c, label in (self.codes() if callable(self.codes) else self.codes)]

    def converter(self) -> Callable:
        """The function applied to each non-empty cell of this column (code lists resolved once per job),
        remembering its results for short repeated cells (codes, months, wages) to save time and memory."""
        if self.parse is not None:
            return _memo(self.parse)
        if self.codes:
            choices = self.code_list()
            lookup, width = code_lookup(choices), max(len(code) for code, _label in choices)
            return _memo(lambda value: to_code(value, lookup, width))
        return _memo(to_text)

    def header(self) -> HeaderSpec:
        return HeaderSpec(key=self.key, label=str(self.label), required=self.required,
                          aliases=tuple(str(a) for a in self.aliases))

    def sheet_column(self) -> SheetColumn:
        example = self.example() if callable(self.example) else self.example
        return SheetColumn(label=str(self.label), required=self.required, codes=self.code_list(),
                           text=self.text, width=self.width, note=str(self.note), example=example)


IMMUTABLE = (str, int, float, bool, Decimal, date, tuple, frozenset, type(None))


def _memo(convert: Callable, *, limit: int = 20_000, longest: int = 16) -> Callable:
    """``convert`` with a bounded cache of its immutable results for cells of at most ``longest`` characters
    (an ID number is not worth remembering; a month shared by 100,000 rows is). Errors are not cached."""
    cache: dict = {}

    def run(value):
        if value.__class__ is str and len(value) > longest:
            return convert(value)
        key = (value.__class__, value)  # 1, 1.0 and True are equal keys otherwise
        try:
            return cache[key]
        except KeyError:
            pass
        result = convert(value)
        if len(cache) < limit and isinstance(result, IMMUTABLE):
            cache[key] = result
        return result

    return run


class Row:
    """One data row: its number as Excel shows it, its typed values by key, the reasons it is refused, and the
    cells as read (``raw``, written back unchanged into the refused-rows file)."""

    __slots__ = ("number", "values", "errors", "raw", "_index")

    def __init__(self, number: int, values: list, index: dict[str, int], raw: list | None = None):
        self.number = number
        self.values = values
        self.errors: list[tuple[str, str]] | None = None  # made on the first refusal: most rows have none
        self.raw = raw
        self._index = index

    def __getitem__(self, key: str):
        return self.values[self._index[key]]

    def __setitem__(self, key: str, value) -> None:
        self.values[self._index[key]] = value

    def get(self, key: str, default=None):
        value = self.values[self._index[key]]
        return default if value is None else value

    def refuse(self, key: str | None, message) -> None:
        """Refuse this row; ``key`` names the column at fault (``None``: the row as a whole)."""
        if self.errors is None:
            self.errors = []
        self.errors.append((key or "", str(message)))

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {key: self.values[i] for key, i in self._index.items()}

    def __repr__(self):
        return f"<Row {self.number} {'ok' if self.ok else self.errors}>"


@dataclass
class ImportContext:
    """What a mapping's hooks may need: the unit, the acting user, the job, and a dict kept across chunks."""

    unit: object
    user: object
    job: object
    spec: "ImportSpec"
    state: dict = field(default_factory=dict)


def _nothing(rows, ctx) -> None:
    return None


def write_as_lines(submission, rows, ctx) -> None:
    """The default ``write``: the accepted rows become lines of the submission through the kind's own
    ``Lines.build`` (the path a hall form's rows take), inserted in bulk (COPY on PostgreSQL)."""
    from reviews.registry import get_kind

    from .bulk import bulk_insert

    lines = get_kind(ctx.spec.kind).lines
    plain = ctx.spec.line_rows(rows, ctx) if ctx.spec.line_rows else [row.as_dict() for row in rows]
    bulk_insert(lines.model, lines.build(submission, plain))


@dataclass(frozen=True)
class ImportSpec:
    code: str  # in URLs and Job.kind ("import:<code>")
    kind: str  # the submission kind the accepted rows become (reviews.registry)
    label: str
    columns: tuple[Column, ...]
    write: Callable = write_as_lines  # write(submission, rows, ctx): bulk-create the lines of these accepted rows
    validate: Callable = _nothing  # validate(rows, ctx): set-based checks, row.refuse(key, message)
    clean: Callable | None = None  # clean(row, ctx): one row across its cells, after each cell is parsed
    unique: tuple[tuple[str, ...], ...] = ()
    description: str = ""
    instructions: tuple[str, ...] = ()
    sheet_title: str = ""
    chunk_size: int = 2000
    line_rows: Callable | None = None  # line_rows(rows, ctx) -> plain rows for ``Lines.build`` (default as_dict)
    template_rows: Callable | None = None  # template_rows(unit) -> rows of cell values prefilled in the template

    @cached_property
    def index(self) -> dict[str, int]:
        return {column.key: i for i, column in enumerate(self.columns)}

    def label_of(self, key: str) -> str:
        return str(self.columns[self.index[key]].label) if key in self.index else ""

    @property
    def job_kind(self) -> str:
        return f"import:{self.code}"


_SPECS: dict[str, ImportSpec] = {}
_discovered = False


def register_import(spec: ImportSpec) -> ImportSpec:
    keys = [column.key for column in spec.columns]
    if len(set(keys)) != len(keys):
        raise ImproperlyConfigured(f"Import {spec.code}: column keys must be unique")
    for group in spec.unique:
        if not set(group) <= set(keys):
            raise ImproperlyConfigured(f"Import {spec.code}: unique {group} names unknown columns")
    _SPECS[spec.code] = spec
    return spec


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("imports")


def get_import(code: str) -> ImportSpec | None:
    _discover()
    return _SPECS.get(code)


def all_imports() -> list[ImportSpec]:
    _discover()
    return list(_SPECS.values())
