"""How far an .xlsx sheet really reaches, found by streaming its XML before any reader builds a grid of it.

python-calamine allocates one slot per cell of the rectangle from A1 to the farthest cell that holds something
(a space or an empty string counts; a blank cell with only a style does not), so one such cell typed at
XFD1048576 asks for 549 GB. ``scan_xlsx`` reads each sheet's XML in chunks with regular expressions (no tree is
built; about 0.4 s of CPU for 100,000 rows of 11 columns) and returns per sheet: the farthest row and column of its
cells (blank ones included; when that is too far, a second pass finds the farthest cells that hold something,
which is what python-calamine allocates for), whether some cell does not say plainly where it is (then the reach
is unknown and ``probe.py`` measures it), and the hidden columns and rows. The ``<dimension>`` element is not
trusted: it can say anything.
"""

import functools
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

import defusedxml.ElementTree as SafeET

CHUNK = 1 << 20
LONGEST_TAG = 4 * CHUNK
PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # some writers prefix every element (<x:c>)
#: positions of cells as openpyxl, Excel and LibreOffice write them (a row's own r="5" has no letters); letters in
#: either case, leading zeros and positions beyond any real sheet are read as python-calamine would read them
CELL_LETTERS = re.compile(rb' r="([A-Za-z]+)[0-9]')
CELL_ROWS = re.compile(rb' r="[A-Za-z]+0*([1-9][0-9]*)"')
LAST_CELL = re.compile(rb' r="([A-Za-z]+)0*([1-9][0-9]*)"')
FILLED_CELL = re.compile(rb"<" + PREFIX + rb"c\s[^>]*?\br=\"([A-Za-z]+)0*([1-9][0-9]*)\"[^>]*(?<!/)>")
#: a cell whose start tag does not begin with its position (r first is what every common writer does), or with a
#: prefix (<x:c>): such a file is measured by the probe instead
UNPOSITIONED_CELL = re.compile(rb'<c(?:>|\s(?!r=")[^>]*>)')
PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s>]")
HIDDEN_ROW = re.compile(rb"<" + PREFIX + rb"row\s[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
ROW_NUMBER = re.compile(rb"\br=\"([0-9]{1,7})\"")
COL = re.compile(rb"<" + PREFIX + rb"col\s[^>]*>")
COL_HIDDEN = re.compile(rb"\bhidden=\"(?:1|true)\"")
COL_RANGE = re.compile(rb"\bmin=\"([0-9]{1,5})\"[^>]*?\bmax=\"([0-9]{1,5})\"|\bmax=\"([0-9]{1,5})\"[^>]*?\bmin=\"([0-9]{1,5})\"")
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def column_letters(index: int) -> str:
    """1 → A, 52 → AZ, 16384 → XFD."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: bytes | str) -> int:
    number = 0
    for char in (letters if isinstance(letters, str) else letters.decode()).upper():
        number = number * 26 + ord(char) - 64
    return number


@dataclass
class SheetExtent:
    """The reach of one sheet: ``far_row`` = (row, column) of the lowest filled cell, ``far_column`` = (row,
    column) of the rightmost one (1-based); ``unpositioned`` when a cell gives no position (reach unknown)."""

    far_row: tuple[int, int] = (0, 0)  # the fast scan knows the number only: (row, 0)
    far_column: tuple[int, int] = (0, 0)  # (0, column) from the fast scan
    unpositioned: bool = False
    hidden_columns: set[int] = field(default_factory=set)  # 1-based
    hidden_rows: set[int] = field(default_factory=set)  # 1-based

    @property
    def rows(self) -> int:
        return self.far_row[0]

    @property
    def columns(self) -> int:
        return self.far_column[1]

    @property
    def cells(self) -> int:
        """The slots a dense reader allocates for this sheet."""
        return self.rows * self.columns


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML member, from the workbook and its relationships."""
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PKG_REL_NS}Relationship")}
    members = {}
    for sheet in workbook.iter(f"{MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{REL_NS}id"), "")
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            members[sheet.get("name", "")] = path
    return members


def scan_sheet(archive: zipfile.ZipFile, member: str, *, precise: bool = False) -> SheetExtent:
    """Stream one sheet's XML (bounded chunks) and measure it."""
    extent = SheetExtent()
    rest = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(CHUNK)
            data = rest + chunk
            if not chunk:
                _measure(data, extent, precise)
                break
            cut = data.rfind(b"<")  # the last tag may be incomplete: keep it for the next round
            if cut <= 0:
                if len(data) > LONGEST_TAG:  # no sheet has such a tag: let the probe measure this one
                    extent.unpositioned = True
                    return extent
                rest = data
                continue
            _measure(data[:cut], extent, precise)
            rest = data[cut:]
    return extent


def _measure(data: bytes, extent: SheetExtent, precise: bool) -> None:
    """One chunk. Fast: the farthest row and column of every positioned cell, blank ones included, by a few
    searches in C: is there a cell beyond the far row and column known so far (or beyond the chunk's last cell)?
    Only when there is are the numbers collected. ``precise``: only the cells that hold something, with their
    positions (slower; run only when the fast reach is too large)."""
    if precise:
        _measure_filled(data, extent)
        return
    last = LAST_CELL.match(data, data.rfind(b' r="'))
    row, column = extent.far_row[0], extent.far_column[1]
    if last:
        row, column = max(row, int(last.group(2))), max(column, column_number(last.group(1)))
    if _beyond_column(column).search(data):
        letters = {text.upper() for text in set(CELL_LETTERS.findall(data))}
        column = max(column, column_number(max(letters, key=lambda text: (len(text), text))))
    if _beyond_row(row).search(data):
        row = max(row, max(map(int, CELL_ROWS.findall(data))))
    extent.far_row, extent.far_column = (row, 0), (0, column)
    if not extent.unpositioned and (UNPOSITIONED_CELL.search(data)
                                    or (b":c" in data and PREFIXED_CELL.search(data))):
        extent.unpositioned = True
    if b"hidden" in data:
        _measure_hidden(data, extent)


def _above(number: int) -> bytes:
    """A regular expression for the whole numbers greater than ``number``."""
    text = str(number).encode()
    options = [b"[1-9][0-9]{%d,}" % len(text)]
    for i, digit in enumerate(text):
        if digit < ord("9"):
            options.append(text[:i] + b"[%c-9][0-9]{%d}" % (digit + 1, len(text) - i - 1))
    return b"(?:" + b"|".join(options) + b")"


@functools.lru_cache(maxsize=64)
def _beyond_row(row: int) -> re.Pattern:
    return re.compile(rb' r="[A-Za-z]+0*' + _above(row) + b'"')


@functools.lru_cache(maxsize=64)
def _beyond_column(column: int) -> re.Pattern:
    """Cells whose column letters (either case) come after ``column``'s: more letters, or as many and later."""
    letters = column_letters(column).encode() if column else b""
    options = [b"[A-Za-z]{%d,}" % (len(letters) + 1)]
    for i, char in enumerate(letters):
        if char < ord("Z"):
            later = b"[%c-Z%c-z]" % (char + 1, char + 33)
            options.append(b"".join(b"[%c%c]" % (c, c + 32) for c in letters[:i]) + later
                           + b"[A-Za-z]{%d}" % (len(letters) - i - 1))
    return re.compile(rb' r="(?:' + b"|".join(options) + rb')[0-9]')


def _measure_filled(data: bytes, extent: SheetExtent) -> None:
    for letters, number in FILLED_CELL.findall(data):
        row, column = int(number), column_number(letters)
        if row > extent.far_row[0]:
            extent.far_row = (row, column)
        if column > extent.far_column[1]:
            extent.far_column = (row, column)


def _measure_hidden(data: bytes, extent: SheetExtent) -> None:
    for match in HIDDEN_ROW.finditer(data):
        number = ROW_NUMBER.search(match.group())
        if number:
            extent.hidden_rows.add(int(number.group(1)))
    for match in COL.finditer(data):
        tag = match.group()
        span = COL_RANGE.search(tag)
        if span and COL_HIDDEN.search(tag):
            low, high = (span.group(1), span.group(2)) if span.group(1) else (span.group(4), span.group(3))
            extent.hidden_columns.update(range(int(low), min(int(high), 16384) + 1))


def scan_xlsx(path, max_cells: int, names=None) -> dict[str, SheetExtent]:
    """Sheet name → its extent, for the worksheets ``names`` (all when ``None``) of the .xlsx at ``path`` (already
    checked by ``inspect_file``).

    A sheet whose cells, blank ones included, reach beyond ``max_cells`` is scanned again for the cells that hold
    something: those are what a reader allocates for, and what the user must delete."""
    extents = {}
    with zipfile.ZipFile(path) as archive:
        members = set(archive.namelist())
        for name, member in sheet_members(archive).items():
            if member not in members or (names is not None and name not in names):
                continue
            extent = scan_sheet(archive, member)
            if extent.cells > max_cells and not extent.unpositioned:
                filled = scan_sheet(archive, member, precise=True)
                extent.far_row, extent.far_column = filled.far_row, filled.far_column
            extents[name] = extent
    return extents
