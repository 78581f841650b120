"""The writer (openpyxl, write-only so that 100,000 rows stay small in memory): templates and result files.

A workbook has the data sheet first (header row with required columns marked ``*`` in red, dropdowns for coded
columns, text format for IDs and months, the header frozen), an instruction sheet with an example row, and a
hidden sheet holding the code lists too long for an inline dropdown (Excel caps those at 255 characters). Every
text that could start a formula (= + - @, tab, CR) is escaped with a leading apostrophe, so nothing we write is
ever evaluated; the reader removes that apostrophe again when the file comes back.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

INSTRUCTIONS_SHEET = "填写说明"
CODES_SHEET = "代码表"
TEXT_FORMAT = "@"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INLINE_LIST_LIMIT = 255
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REASON_FILL = PatternFill("solid", fgColor="FCE4D6")


@dataclass(frozen=True)
class SheetColumn:
    label: str
    required: bool = False
    codes: Sequence[tuple[str, str]] = ()  # (code, label): a dropdown of "code|label"
    text: bool = False  # cells formatted as text (IDs, months, codes with leading zeros)
    width: int = 16
    note: str = ""
    example: object = ""
    reason: bool = False  # the 失败原因 column of a result file
    options: Sequence[str] = field(default=(), repr=False)

    def choices(self) -> list[str]:
        return list(self.options) or [f"{code}|{label}" for code, label in self.codes]


def escape_formula(value):
    """A string that a spreadsheet would take for a formula gets a leading apostrophe; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_workbook(target, columns: Sequence[SheetColumn], rows: Iterable[Sequence] = (), *,
                   sheet_title: str = "", instructions: Sequence[str] = (), with_instructions: bool = True) -> int:
    """Write a workbook to ``target`` (a path or a binary file object); return the number of data rows.

    ``rows`` hold one value per column (the reason column included). With no rows this is a template."""
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(str(sheet_title or _("数据")))
    if with_instructions:
        _instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), columns, instructions, data.title)
    codes = workbook.create_sheet(CODES_SHEET)
    _lay_out(data, columns, codes)
    header = []
    for column in columns:
        cell = WriteOnlyCell(data, value=("*" if column.required else "") + column.label)
        cell.font = Font(bold=True, color="C00000" if column.required or column.reason else "000000")
        cell.fill = REASON_FILL if column.reason else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    data.append(header)
    count = 0
    text_columns = [c.text for c in columns]
    for values in rows:
        data.append([_cell(data, v, text) for v, text in zip(values, text_columns, strict=False)])
        count += 1
    codes.sheet_state = "hidden"
    workbook.save(target)
    return count


def _cell(sheet, value, text: bool):
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    cell = WriteOnlyCell(sheet, value=escape_formula(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula, whatever openpyxl guessed
    if text:
        cell.number_format = TEXT_FORMAT
    return cell


def _lay_out(sheet, columns: Sequence[SheetColumn], codes_sheet) -> None:
    """Column widths and formats, dropdowns, frozen header (write-only sheets need these before any row)."""
    sheet.freeze_panes = "A2"
    long_lists = []
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if column.text:
            dimension.number_format = TEXT_FORMAT
        choices = column.choices()
        if not choices:
            continue
        inline = ",".join(choices)
        if len(inline) <= INLINE_LIST_LIMIT and not any("," in c or '"' in c for c in choices):
            formula = f'"{inline}"'
        else:
            long_lists.append((column.label, choices))
            code_letter = get_column_letter(len(long_lists))
            formula = f"{quote_sheetname(CODES_SHEET)}!${code_letter}$2:${code_letter}${len(choices) + 1}"
        validation = DataValidation(
            type="list", formula1=formula, allow_blank=True, showErrorMessage=True, errorStyle="warning",
            errorTitle=_("请从下拉列表中选择"), error=_("“%(col)s”请从下拉列表中选择。") % {"col": column.label},
        )
        validation.add(f"{letter}2:{letter}1048576")
        sheet.data_validations.append(validation)
    for index in range(1, len(long_lists) + 1):
        codes_sheet.column_dimensions[get_column_letter(index)].width = 28
    _write_code_lists(codes_sheet, long_lists)


def _write_code_lists(sheet, lists) -> None:
    if not lists:
        sheet.append([_("(无)")])
        return
    sheet.append([label for label, _choices in lists])
    longest = max(len(choices) for _label, choices in lists)
    for i in range(longest):
        sheet.append([escape_formula(choices[i]) if i < len(choices) else None for _label, choices in lists])


def _instructions(sheet, columns: Sequence[SheetColumn], lines: Sequence[str], data_title: str) -> None:
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["D"].width = 24
    title = WriteOnlyCell(sheet, value=_("填写说明"))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    general = [
        _("1. 在“%(sheet)s”工作表中从第2行起每行填写一人,不要修改、删除或移动表头;列的顺序可以调整。")
        % {"sheet": data_title},
        _("2. 表头带“*”的列为必填。带下拉箭头的列请从下拉列表中选择。"),
        _("3. 证件号码等号码列已设为文本格式,请勿改为数字格式,否则超过15位的号码会被Excel改写。"),
        _("4. 日期按“2024-01-31”填写,年月按“202401”填写。"),
        _("5. 导入后系统逐行校验:通过的人员生成一笔业务,未通过的行可下载“失败行”文件,修改后重新导入。"),
    ]
    for line in [*general, *lines]:
        sheet.append([escape_formula(str(line))])
    sheet.append([])
    head = [WriteOnlyCell(sheet, value=v) for v in (_("列名"), _("是否必填"), _("说明"), _("填写示例"))]
    for cell in head:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    sheet.append(head)
    for column in columns:
        if column.reason:
            continue
        note = column.note
        if column.codes and not note:
            note = _("从下拉列表中选择")
        sheet.append([column.label, _("必填") if column.required else _("选填"), escape_formula(str(note)),
                      _cell(sheet, column.example, column.text)])
