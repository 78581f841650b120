"""The steps of one import, in order: read and parse every row, check duplicates inside the file, validate in
chunks against the database, write the refused rows back as a file. No step here writes business data; the
write step is in ``services.import_run`` (one transaction). Accepted rows drop their raw cells once validated."""

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from siportal.core.excel import CellError, FileRefused, SheetColumn, inspect_file, open_table, write_workbook
from siportal.core.excel.extent import column_letters
from siportal.core.excel.writer import CODES_SHEET, INSTRUCTIONS_SHEET

from .spec import ImportContext, ImportSpec, Row

REASON_LABEL = "失败原因"
WHOLE_ROW = "整行"
REASON_LIMIT = 300  # a reason that quotes a huge cell is cut (the cells converters already cut what they quote)


@dataclass
class Outcome:
    """What reading and validating produced: rows still accepted, and the reasons per refused row number."""

    sheet: str = ""
    header_row: int = 0
    accepted: list[Row] = field(default_factory=list)
    refused: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # row number → (column label, reason)
    refused_cells: dict[int, list] = field(default_factory=dict)  # row number → the cells as read
    hidden_columns: list[list] = field(default_factory=list)  # [column number, label] of hidden columns read
    hidden_rows: list[int] = field(default_factory=list)  # numbers of the hidden rows read

    def refuse(self, row: Row, spec: ImportSpec) -> None:
        self.refused[row.number] = [(spec.label_of(key) or _(WHOLE_ROW), _cut(reason))
                                    for key, reason in row.errors]
        self.refused_cells[row.number] = row.raw


def _cut(reason: str) -> str:
    return reason if len(reason) <= REASON_LIMIT else reason[:REASON_LIMIT] + "…"


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 100_000)


@contextlib.contextmanager
def local_copy(field_file) -> Iterator[Path]:
    """A path on this machine for a stored file (the storage's own path, or a temporary copy)."""
    try:
        path = Path(field_file.path)
    except NotImplementedError:
        path = None
    if path is not None:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=Path(field_file.name).suffix) as tmp:
        with field_file.open("rb") as source:
            shutil.copyfileobj(source, tmp)
        tmp.flush()
        yield Path(tmp.name)


def open_source(path: Path, spec: ImportSpec, file_name: str, on_sheet=None):
    kind = inspect_file(path, name=file_name)
    return open_table(path, kind, [c.header() for c in spec.columns], skip_sheets=(INSTRUCTIONS_SHEET, CODES_SHEET),
                      on_sheet=on_sheet)


def reading_note(job):
    """``on_sheet`` of a job: before a sheet is loaded, note on the job which sheet and how far it reaches, so that
    a worker lost while reading it leaves a message saying what in the file caused it."""

    def note(sheet: str, extent) -> None:
        reach = (f"A1:{column_letters(extent.columns)}{extent.rows}" if extent and extent.cells else "")
        job.result = {**job.result, "reading": {"sheet": sheet, "reach": reach}}
        type(job).objects.filter(pk=job.pk).update(result=job.result)

    return note


def read_rows(path: Path, spec: ImportSpec, ctx: ImportContext, progress) -> Outcome:
    """Parse every data row; a row with a bad cell is refused at once, the others are cleaned and kept."""
    table = open_source(path, spec, ctx.job.file_name, on_sheet=reading_note(ctx.job))
    outcome = Outcome(sheet=table.sheet, header_row=table.header_row)
    outcome.hidden_columns = [[index + 1, spec.label_of(key)] for key, index in sorted(table.columns.items(),
                              key=lambda item: item[1]) if index in table.hidden_columns]
    hidden_rows = table.hidden_rows
    progress(force=True, stage="read", total=table.total)
    converters = [(i, column, column.converter()) for i, column in enumerate(spec.columns)]
    count = 0
    for number, cells in table.rows(max_rows=max_rows()):
        values = [None] * len(converters)
        row = Row(number, values, spec.index, cells)
        for i, column, convert in converters:
            raw = cells[i]
            if raw == "" or raw is None:
                if column.required:
                    row.refuse(column.key, _("必填,不能为空"))
                values[i] = column.default
                continue
            try:
                values[i] = convert(raw)
            except CellError as exc:
                row.refuse(column.key, str(exc))
        if row.ok and spec.clean is not None:
            spec.clean(row, ctx)
        if row.ok:
            outcome.accepted.append(row)
        else:
            outcome.refuse(row, spec)
        count += 1
        if hidden_rows and number in hidden_rows:
            outcome.hidden_rows.append(number)
        if count % 500 == 0:
            progress(rows_read=count)
    if count == 0:
        raise FileRefused(_("文件只有表头,没有数据行。请在表头下方逐行填写后重新上传。"), "no_rows")
    progress(force=True, rows_read=count, total=count)
    return outcome


def check_unique(outcome: Outcome, spec: ImportSpec) -> None:
    """Refuse every later row whose key (e.g. 证件类型 + 证件号码) repeats an earlier row of the same file."""
    for group in spec.unique:
        labels = "+".join(spec.label_of(key) for key in group)
        first_seen: dict[tuple, int] = {}
        for row in outcome.accepted:
            key = tuple(row[k] for k in group)
            if any(v in (None, "") for v in key):
                continue
            if key in first_seen:
                row.refuse(group[-1], _("%(cols)s与第%(row)d行重复") % {"cols": labels, "row": first_seen[key]})
            else:
                first_seen[key] = row.number
    _move_refused(outcome, spec)


def validate_rows(outcome: Outcome, spec: ImportSpec, ctx: ImportContext, progress) -> None:
    """The mapping's set-based validator, chunk by chunk (each chunk is a few database queries, not one a row)."""
    done = len(outcome.refused)
    progress(force=True, stage="validate", rows_validated=done)
    size = spec.chunk_size
    for start in range(0, len(outcome.accepted), size):
        chunk = outcome.accepted[start:start + size]
        spec.validate(chunk, ctx)
        done += len(chunk)
        progress(rows_validated=done)
    _move_refused(outcome, spec, final=True)
    progress(force=True, rows_validated=done, accepted=len(outcome.accepted), refused=len(outcome.refused))


def _move_refused(outcome: Outcome, spec: ImportSpec, *, final: bool = False) -> None:
    kept = []
    for row in outcome.accepted:
        if row.ok:
            if final:
                row.raw = None  # accepted for good: the cells as read are not needed any more
            kept.append(row)
        else:
            outcome.refuse(row, spec)
    outcome.accepted = kept


def error_list(outcome: Outcome, limit: int) -> list[list]:
    """The first ``limit`` reasons, ordered by row: ``[row number, column label, reason]``."""
    items = []
    for number in sorted(outcome.refused):
        for label, reason in outcome.refused[number]:
            items.append([number, label, reason])
            if len(items) >= limit:
                return items
    return items


def write_refused_file(spec: ImportSpec, outcome: Outcome, target) -> int:
    """Write only the refused rows, with their cells as uploaded, in the template's layout plus a 失败原因
    column; ``target`` is a binary file. Returns the number of rows written."""
    columns = [c.sheet_column() for c in spec.columns]
    columns.append(SheetColumn(label=_(REASON_LABEL), width=60, reason=True))

    def rows():
        for number in sorted(outcome.refused):
            text = ";".join(f"{label}:{reason}" for label, reason in outcome.refused[number])
            yield [*outcome.refused_cells[number], _("原文件第%(row)d行 %(text)s") % {"row": number, "text": text}]

    return write_workbook(target, columns, rows(), sheet_title=spec.sheet_title, instructions=spec.instructions)


def save_refused_file(job, spec: ImportSpec, outcome: Outcome) -> None:
    with tempfile.TemporaryFile() as tmp:
        write_refused_file(spec, outcome, tmp)
        tmp.seek(0)
        stem = Path(job.file_name).stem or "import"
        job.output.save(f"{stem}-失败行.xlsx", File(tmp), save=False)
