"""Spreadsheets made by the tests: clean, messy as real agents' files are, and hostile."""

import csv
import io
import zipfile

import openpyxl

from tests.factories import make_id_number

HEADER = ["证件类型", "证件号码", "姓名", "性别", "出生日期", "民族", "缴费工资", "参保年月", "手机号"]


def person_row(seq: int, birth="19900101", name="张三", wage="6500", month="202601", **changes) -> dict:
    row = {"证件类型": "01|居民身份证", "证件号码": make_id_number(birth, seq=seq), "姓名": name, "性别": "",
           "出生日期": "", "民族": "01|汉族", "缴费工资": wage, "参保年月": month, "手机号": f"139{seq:08d}"}
    row.update(changes)
    return row


def xlsx_bytes(rows, *, header=HEADER, title_rows=(), hidden_columns=(), sheet_title="人员名单", blank_rows_at=(),
               number_format_text=True, before_sheets=(), header_cells=None, hidden_rows=()) -> bytes:
    """An .xlsx with ``title_rows`` above the header, then one row per dict in ``rows`` (keys = header labels;
    values written as given: a number stays a number, a date a date)."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    for name, hidden in before_sheets:
        sheet = workbook.create_sheet(name, 0)
        sheet.append(header)
        sheet.append(["x"] * len(header))
        sheet.sheet_state = "hidden" if hidden else "visible"
    sheet = first
    sheet.title = sheet_title
    for line in title_rows:
        sheet.append(line)
    sheet.append(header_cells or header)
    for i, row in enumerate(rows):
        if i in blank_rows_at:
            sheet.append([])
        sheet.append([row.get(column, "") for column in header])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed by the agent, not a formula (tests of formulas build their own)
    for letter in hidden_columns:
        sheet.column_dimensions[letter].hidden = True
    for number in hidden_rows:
        sheet.row_dimensions[number].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def far_cell_xlsx(far: str, *, filled=True, rows=3, cells_without_position=0) -> bytes:
    """A small list whose sheet XML also holds one cell at ``far`` (e.g. "XFD1048576"): a space typed there
    (``filled``) or only a style (a blank cell). The <dimension> keeps saying the list's own size: it lies.
    ``cells_without_position`` more filled cells follow the far one without saying where they are (no r=)."""
    content = xlsx_bytes([person_row(i) for i in range(1, rows + 1)])
    sheet = zip_member(content, "xl/worksheets/sheet1.xml").decode()
    number = "".join(ch for ch in far if ch.isdigit())
    cell = f'<c r="{far}" t="inlineStr"><is><t xml:space="preserve"> </t></is></c>' if filled else f'<c r="{far}" s="0"/>'
    cell += '<c t="inlineStr"><is><t>x</t></is></c>' * cells_without_position
    sheet = sheet.replace("</sheetData>", f'<row r="{number}">{cell}</row></sheetData>')
    return rewrite_member(content, "xl/worksheets/sheet1.xml", sheet.encode())


def csv_bytes(rows, *, header=HEADER, encoding="utf-8-sig", delimiter=",") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return text.getvalue().encode(encoding)


def rewrite_member(content: bytes, member: str, data: bytes) -> bytes:
    """The same zip with one member's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == member else source.read(info))
    return out.getvalue()


def add_member(content: bytes, member: str, data: bytes) -> bytes:
    out = io.BytesIO(content)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr(member, data)
    return out.getvalue()


def mark_encrypted(content: bytes) -> bytes:
    """Set the "encrypted" flag bit of every entry, as a password-protected zip has it."""
    data = bytearray(content)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := data.find(signature, start)) != -1:
            data[found + offset] |= 0x01
            start = found + 4
    return bytes(data)


def encrypted_ooxml() -> bytes:
    """What Excel saves for a workbook with an open password: an OLE2 container holding EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")


def zip_member(content: bytes, member: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(content)).read(member)
