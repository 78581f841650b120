"""The tolerant reader: finds the data sheet and its header row, maps columns by header name (order does not
matter, extra columns are ignored; a header naming one column twice is refused), then yields one list of raw
values per non-empty row with its row number as Excel shows it. Reads .xlsx and .xls with python-calamine
(formulas are never evaluated: a formula cell gives its saved value) and .csv in UTF-8 or GB18030. Before a sheet
is loaded its reach is measured (extent.py, probe.py): python-calamine allocates by it. The table tells which
columns and rows were hidden (.xlsx), so that the caller can say they were read."""

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from .errors import FileRefused
from .extent import SheetExtent, column_letters, scan_xlsx
from .probe import probe_reach

HEADER_SCAN_ROWS = 30
#: the most cells (rows × columns up to the farthest filled cell) a sheet may span: python-calamine holds 32 bytes
#: a cell, so 4,000,000 is about 128 MB — 100,000 rows of 40 columns
DEFAULT_MAX_SHEET_CELLS = 4_000_000
REQUIRED_MARKS = ("*", "※", "(必填)", "必填", "(必选)", ":")
FORMULA_CHARS = ("=", "+", "-", "@")
REMARK_RE = re.compile(r"\(.*?\)|\[.*?\]")  # "缴费工资(元)", "证件类型[代码]": a remark, not the name
Cell = str | int | float | bool | date | datetime | time | timedelta


@dataclass(frozen=True)
class HeaderSpec:
    """One expected column: its key, its label in the template, other names seen in real files."""

    key: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    def names(self) -> set[str]:
        return {normalize_label(n) for n in (self.label, *self.aliases)}


def normalize_label(text) -> str:
    """A header as compared: full-width folded, blanks, required marks and remarks in brackets removed,
    upper-cased."""
    label = "".join(unicodedata.normalize("NFKC", str(text)).split()).upper()
    for mark in REQUIRED_MARKS:
        label = label.replace(mark, "")
    return REMARK_RE.sub("", label) or label


@dataclass
class Table:
    """The located data: which sheet, which row holds the header, which column holds each key."""

    sheet: str
    header_row: int  # as Excel numbers it
    columns: dict[str, int]  # key → 0-based column index in the rows the source yields
    total: int  # data rows below the header, empty ones included (for progress)
    _source: Iterator = field(repr=False)
    _keys: list[str] = field(repr=False, default_factory=list)
    hidden_columns: frozenset = frozenset()  # 0-based indexes of hidden columns (.xlsx only)
    hidden_rows: frozenset = frozenset()  # row numbers of hidden rows (.xlsx only)

    def rows(self, *, max_rows: int) -> Iterator[tuple[int, list[Cell]]]:
        """Yield ``(row_number, values)`` with one value per key in ``keys`` order ("" when empty); skip rows with
        nothing in the mapped columns; raise ``FileRefused`` past ``max_rows`` data rows."""
        positions = [self.columns.get(key, -1) for key in self._keys]
        count = 0
        shared: dict = {}  # one object for the many equal short cells (codes, months): rows stay small
        for number, raw in self._source:
            width = len(raw)
            values = [_clean(raw[i], shared) if 0 <= i < width else "" for i in positions]
            if not any(v != "" for v in values):
                continue
            count += 1
            if count > max_rows:
                raise FileRefused(_("文件的数据超过%(max)s行(单次导入上限),请拆分成多个文件分批导入。")
                                  % {"max": f"{max_rows:,}"}, "too_many_rows")
            yield number, values


def _clean(value, shared: dict) -> Cell:
    if value.__class__ is str and value:
        value = value.strip()
        if value[:1] == "'" and value[1:2] in FORMULA_CHARS:  # our own escape, written back by write_workbook
            value = value[1:]
        if len(value) <= 16 and len(shared) < 50_000:
            value = shared.setdefault(value, value)
    return value


def open_table(path, kind: str, headers: list[HeaderSpec], *, skip_sheets=(), on_sheet=None) -> Table:
    """Open ``path`` (of ``kind`` from ``inspect_file``) and locate the header of ``headers``.

    Hidden sheets and sheets named in ``skip_sheets`` (the template's own instructions and code lists) are not
    searched. Before a sheet is loaded its reach is checked (``FileRefused`` naming the far cells when too large)
    and ``on_sheet(name, extent)`` is called. Raise ``FileRefused`` when no sheet has a header with every required
    column, or when two columns of the header are the same column of ours."""
    best_missing = None
    for sheet_name, total, source, extent in _sheets(path, kind, skip_sheets, on_sheet):
        head = list(itertools.islice(source, HEADER_SCAN_ROWS))
        hidden = {c - 1 for c in extent.hidden_columns} if extent else set()
        for index, (number, raw) in enumerate(head):
            found = _match_header(raw, headers)
            missing = [h.label for h in headers if h.required and h.key not in found]
            if not missing and found:
                _refuse_repeated(raw, headers, hidden)
                rest = itertools.chain(head[index + 1:], source)
                return Table(sheet=sheet_name, header_row=number, columns=found, total=max(total - number, 0),
                             _source=rest, _keys=[h.key for h in headers], hidden_columns=frozenset(hidden),
                             hidden_rows=frozenset(extent.hidden_rows) if extent else frozenset())
            if found and (best_missing is None or len(missing) < len(best_missing)):
                best_missing = missing
    if best_missing:
        raise FileRefused(_("文件中找到了表头,但缺少必填列:%(cols)s。请使用本业务的模板,不要删除或改名表头。")
                          % {"cols": "、".join(f"“{c}”" for c in best_missing)}, "no_header")
    raise FileRefused(_("文件中没有找到本业务模板的表头(如“%(col)s”)。请下载模板,按模板填写后上传。")
                      % {"col": next((h.label for h in headers if h.required), headers[0].label)}, "no_header")


def column_name(index: int, hidden=()) -> str:
    """A 0-based column index as the user finds it: 第2列, or 第2列(隐藏)."""
    name = _("第%(n)d列") % {"n": index + 1}
    return name + _("(隐藏)") if index in hidden else name


def _refuse_repeated(raw, headers: list[HeaderSpec], hidden) -> None:
    """Two columns whose headers both name one of ours (the same name twice, or a name and its alias): which one
    would be read is a guess, so the file is refused."""
    for header in headers:
        names = header.names()
        same = [i for i, cell in enumerate(raw) if isinstance(cell, str) and cell.strip()
                and normalize_label(cell) in names]
        if len(same) > 1:
            raise FileRefused(_("%(first)s与%(second)s的表头都是“%(label)s”,请删除其中一列后重新上传。")
                              % {"first": column_name(same[0], hidden), "second": column_name(same[1], hidden),
                                 "label": header.label}, "repeated_header")


def _match_header(raw, headers: list[HeaderSpec]) -> dict[str, int]:
    seen = {}
    for index, cell in enumerate(raw):
        if isinstance(cell, str) and cell.strip():
            seen.setdefault(normalize_label(cell), index)
    found = {}
    for header in headers:
        for name in header.names():
            if name in seen:
                found[header.key] = seen[name]
                break
    return found


def _sheets(path, kind: str, skip_sheets, on_sheet) -> Iterator[tuple[str, int, Iterator, SheetExtent | None]]:
    if kind == "csv":
        yield (*_csv_sheet(path), None)
        return
    corrupt = _corrupt()
    workbook, names = _workbook(path, skip_sheets, corrupt)
    reach = _reach(path, kind, names, corrupt)
    for name in names:
        extent = reach[name]
        _check_reach(name, extent)
        if on_sheet is not None:
            on_sheet(name, extent)
        try:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.iter_rows()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            raise corrupt from None
        end = sheet.end[0] + 1 if sheet.end else 0
        yield name, end, _guarded(enumerate(rows, start=1), corrupt), extent  # iter_rows starts at row 1


def _corrupt() -> FileRefused:
    return FileRefused(_("文件已损坏或格式不正确,无法读取。请用Excel重新保存后上传。"), "corrupt")


def _workbook(path, skip_sheets, corrupt: FileRefused):
    """The workbook (nothing of its sheets loaded yet) and the names of the sheets that may hold the data: visible
    worksheets not named in ``skip_sheets``."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        metadata = workbook.sheets_metadata
    except PasswordError:
        raise FileRefused(_("文件已加密(设置了密码),系统无法读取。请取消密码后重新上传。"), "encrypted") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine's errors, and a Rust panic (which is not an Exception)
        raise corrupt from None
    skip = {normalize_label(s) for s in skip_sheets}
    return workbook, [meta.name for meta in metadata if meta.visible == SheetVisibleEnum.Visible
                      and meta.typ == SheetTypeEnum.WorkSheet and normalize_label(meta.name) not in skip]


def check_reach(path, kind: str, *, skip_sheets=()) -> None:
    """At upload: refuse an .xlsx whose data sheets reach too far, naming the far cells — the check the reader
    makes before loading a sheet, told on the upload form at once. What streaming cannot measure (.xls, cells
    without a plain position) is measured by the reader, in the worker."""
    if kind != "xlsx":
        return
    _book, names = _workbook(path, skip_sheets, _corrupt())
    for name, extent in scan_xlsx(path, max_sheet_cells(), names).items():
        if not extent.unpositioned:
            _check_reach(name, extent)


def max_sheet_cells() -> int:
    return getattr(settings, "IMPORT_MAX_SHEET_CELLS", DEFAULT_MAX_SHEET_CELLS)


def _reach(path, kind: str, names: list[str], corrupt: FileRefused) -> dict[str, SheetExtent]:
    """How far each sheet reaches, known before python-calamine builds its grid (one slot per cell of the
    rectangle up to the farthest filled cell): streamed from the XML of an .xlsx; measured in a memory-limited
    child process for an .xls, or for an .xlsx whose cells do not all say where they are."""
    extents = scan_xlsx(path, max_sheet_cells(), names) if kind == "xlsx" else {}
    unknown = [name for name in names if name not in extents or extents[name].unpositioned]
    if unknown:
        too_large = FileRefused(_("文件中有内容的区域过大,读取所需的内存超出上限。请删除多余的行、列和单元格"
                                  "(选中后“删除”,而不是清除内容),另存后重新上传。"), "too_large")
        for name, (row, column) in probe_reach(path, unknown, too_large=too_large, corrupt=corrupt).items():
            known = extents.get(name) or SheetExtent()
            known.far_row = known.far_column = (row, column)
            known.unpositioned = False
            extents[name] = known
    return extents


def _check_reach(name: str, extent: SheetExtent) -> None:
    """Refuse a sheet whose filled cells span more cells than the reader may allocate, naming the far cells."""
    if extent.cells <= max_sheet_cells():
        return
    far = [extent.far_row] if extent.far_row == extent.far_column else [extent.far_column, extent.far_row]
    where = "、".join(_("第%(col)s列第%(row)d行") % {"col": column_letters(column), "row": row}
                     for row, column in far if row)
    raise FileRefused(_("工作表“%(sheet)s”中%(where)s有内容,请删除多余的单元格(选中后“删除”,而不是清除内容),"
                        "另存后重新上传。有内容的区域达到%(rows)s行×%(cols)s列,超出了一次可读取的范围。")
                      % {"sheet": name, "where": where, "rows": f"{extent.rows:,}", "cols": f"{extent.columns:,}"},
                      "too_large")


def _guarded(source, error: FileRefused):
    try:
        yield from source
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException:
        raise error from None


def _csv_sheet(path) -> tuple[str, int, Iterator]:
    data = open(path, "rb").read()  # noqa: SIM115  (CSV uploads are small enough to decode at once)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused(_("CSV文件的编码无法识别,请另存为UTF-8编码的CSV或.xlsx文件后上传。"), "corrupt")
    del data
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    return "CSV", text.count("\n") + 1, _guarded(enumerate(reader, start=1), FileRefused(
        _("CSV文件格式不正确,无法读取。"), "corrupt"))
