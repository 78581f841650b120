"""The tolerant reader: finds the data sheet and its header row, maps columns by header name (order does not
matter, extra and hidden columns are ignored), then yields one list of raw values per non-empty row with its
row number as Excel shows it. Reads .xlsx and .xls with python-calamine (formulas are never evaluated: a
formula cell gives its saved value) and .csv in UTF-8 or GB18030."""

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from .errors import FileRefused

HEADER_SCAN_ROWS = 30
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


def open_table(path, kind: str, headers: list[HeaderSpec], *, skip_sheets=()) -> Table:
    """Open ``path`` (of ``kind`` from ``inspect_file``) and locate the header of ``headers``.

    Hidden sheets and sheets named in ``skip_sheets`` (the template's own instructions and code lists) are not
    searched. Raise ``FileRefused`` when no sheet has a header with every required column."""
    best_missing = None
    for sheet_name, total, source in _sheets(path, kind, skip_sheets):
        head = list(itertools.islice(source, HEADER_SCAN_ROWS))
        for index, (number, raw) in enumerate(head):
            found = _match_header(raw, headers)
            missing = [h.label for h in headers if h.required and h.key not in found]
            if not missing and found:
                rest = itertools.chain(head[index + 1:], source)
                return Table(sheet=sheet_name, header_row=number, columns=found, total=max(total - number, 0),
                             _source=rest, _keys=[h.key for h in headers])
            if found and (best_missing is None or len(missing) < len(best_missing)):
                best_missing = missing
    if best_missing:
        raise FileRefused(_("文件中找到了表头,但缺少必填列:%(cols)s。请使用本业务的模板,不要删除或改名表头。")
                          % {"cols": "、".join(f"“{c}”" for c in best_missing)}, "no_header")
    raise FileRefused(_("文件中没有找到本业务模板的表头(如“%(col)s”)。请下载模板,按模板填写后上传。")
                      % {"col": next((h.label for h in headers if h.required), headers[0].label)}, "no_header")


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


def _sheets(path, kind: str, skip_sheets) -> Iterator[tuple[str, int, Iterator]]:
    if kind == "csv":
        yield _csv_sheet(path)
        return
    corrupt = FileRefused(_("文件已损坏或格式不正确,无法读取。请用Excel重新保存后上传。"), "corrupt")
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
    for meta in metadata:
        if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
            continue
        if normalize_label(meta.name) in skip:
            continue
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.iter_rows()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            raise corrupt from None
        end = sheet.end[0] + 1 if sheet.end else 0
        yield meta.name, end, _guarded(enumerate(rows, start=1), corrupt)  # iter_rows starts at row 1


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
