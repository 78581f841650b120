"""Templates and result files as written: layout, dropdowns (long lists on a hidden sheet), text formats, and
formula escaping in every cell we write."""

import io

import openpyxl
import pytest

from reviews.imports import testing
from reviews.imports.services import import_template
from siportal.core.excel import SheetColumn, escape_formula, write_workbook
from siportal.core.excel.writer import CODES_SHEET, INSTRUCTIONS_SHEET


@pytest.fixture
def template():
    buffer = io.BytesIO()
    import_template(spec=testing.SPEC, target=buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def test_template_sheets_header_and_required_marks(template):
    assert template.sheetnames == ["人员名单", INSTRUCTIONS_SHEET, CODES_SHEET]
    assert template[CODES_SHEET].sheet_state == "hidden"
    data = template["人员名单"]
    header = [cell.value for cell in data[1]]
    assert header == ["证件类型", "*证件号码", "*姓名", "性别", "出生日期", "民族", "*缴费工资", "*参保年月", "手机号"]
    assert data["B1"].font.color.rgb.endswith("C00000")
    assert data.freeze_panes == "A2"
    assert data.max_row == 1  # no data row to delete before filling in


def test_template_dropdowns_inline_or_on_the_hidden_sheet(template):
    data = template["人员名单"]
    by_range = {str(dv.sqref): dv for dv in data.data_validations.dataValidation}
    assert by_range["A2:A1048576"].formula1.startswith('"01|居民身份证,')
    assert by_range["D2:D1048576"].formula1 == '"1|男,2|女"'
    ethnicity = by_range["F2:F1048576"].formula1  # 56 entries: too long for an inline list
    assert ethnicity == "'代码表'!$A$2:$A$57"
    codes = template[CODES_SHEET]
    assert codes["A1"].value == "民族" and codes["A2"].value == "01|汉族" and codes["A57"].value == "56|基诺族"
    assert all(not dv.showDropDown for dv in data.data_validations.dataValidation)  # the arrow is shown


def test_template_text_columns_and_instructions(template):
    data = template["人员名单"]
    for letter in ("B", "E", "H", "I"):
        assert data.column_dimensions[letter].number_format == "@"
    assert data.column_dimensions["C"].number_format == "General"
    text = "\n".join(str(c.value) for row in template[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "带“*”的列为必填" in text
    assert "110105199001011234" in text  # the example row
    assert "居民身份证可不填" in text


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "=cmd|' /C calc'!A0", "\t=1"])
def test_anything_that_looks_like_a_formula_is_escaped(value):
    assert escape_formula(value) == "'" + value
    buffer = io.BytesIO()
    write_workbook(buffer, [SheetColumn("姓名"), SheetColumn("失败原因", reason=True)], [[value, value]])
    buffer.seek(0)
    sheet = openpyxl.load_workbook(buffer).worksheets[0]
    for cell in sheet[2]:
        assert cell.data_type == "s"
        assert cell.value == "'" + value


def test_numbers_and_plain_text_are_written_as_they_are():
    assert escape_formula(-5) == -5
    assert escape_formula("张三") == "张三"
    buffer = io.BytesIO()
    assert write_workbook(buffer, [SheetColumn("工资"), SheetColumn("号码", text=True)],
                          ([6500.5, "01"] for _ in range(3))) == 3
    buffer.seek(0)
    sheet = openpyxl.load_workbook(buffer).worksheets[0]
    assert sheet["A2"].value == 6500.5 and sheet["B2"].value == "01" and sheet["B2"].number_format == "@"
