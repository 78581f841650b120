"""The reader on files as real agents make them: title rows, odd headers, any column order, blank rows, hidden
columns and sheets, numbers where text was meant, CSV in two encodings."""

import re
from datetime import date

import pytest

from siportal.core.excel import FileRefused, HeaderSpec, open_table
from siportal.core.excel.writer import CODES_SHEET, INSTRUCTIONS_SHEET

from . import files, xls

HEADERS = [HeaderSpec("id_type", "证件类型"), HeaderSpec("id_number", "证件号码", True, aliases=("身份证号码",)),
           HeaderSpec("name", "姓名", True), HeaderSpec("wage", "缴费工资", True), HeaderSpec("birth", "出生日期")]
SKIP = (INSTRUCTIONS_SHEET, CODES_SHEET)


def read(tmp_path, content: bytes, kind="xlsx", max_rows=1000):
    path = tmp_path / f"f.{kind}"
    path.write_bytes(content)
    table = open_table(path, kind, HEADERS, skip_sheets=SKIP)
    return table, list(table.rows(max_rows=max_rows))


def test_title_rows_above_the_header_and_excel_row_numbers(tmp_path):
    content = files.xlsx_bytes([files.person_row(1), files.person_row(2)],
                               title_rows=[["2026年职工新参保人员名单"], ["单位:示范公司"], []])
    table, rows = read(tmp_path, content)
    assert table.header_row == 4
    assert [number for number, _ in rows] == [5, 6]
    assert rows[0][1][2] == "张三"


def test_headers_with_blanks_full_width_marks_and_any_order(tmp_path):
    header = ["姓　名", "＊缴费 工资", "（必填）证件号码", "备注", "证件类型"]
    rows = [{"姓　名": " 李四 ", "＊缴费 工资": 6000, "（必填）证件号码": "110105199001011234", "备注": "x",
             "证件类型": "01"}]
    table, got = read(tmp_path, files.xlsx_bytes(rows, header=header))
    assert table.columns == {"name": 0, "wage": 1, "id_number": 2, "id_type": 4}
    assert got == [(2, ["01", "110105199001011234", "李四", 6000, ""])]


def test_an_alias_header_is_accepted(tmp_path):
    rows = [{"身份证号码": "110105199001011234", "姓名": "王五", "缴费工资": 1}]
    table, got = read(tmp_path, files.xlsx_bytes(rows, header=["姓名", "身份证号码", "缴费工资"]))
    assert got[0][1][1] == "110105199001011234"


def test_blank_rows_are_skipped_and_numbering_is_kept(tmp_path):
    content = files.xlsx_bytes([files.person_row(i) for i in range(1, 4)], blank_rows_at=(1, 2))
    _, rows = read(tmp_path, content)
    assert [number for number, _ in rows] == [2, 4, 6]


def test_rows_with_only_blanks_in_known_columns_are_skipped(tmp_path):
    content = files.xlsx_bytes([files.person_row(1), {"姓名": "   ", "证件号码": ""}, files.person_row(2)])
    _, rows = read(tmp_path, content)
    assert [number for number, _ in rows] == [2, 4]


def test_hidden_columns_are_read_by_header(tmp_path):
    content = files.xlsx_bytes([files.person_row(1)], hidden_columns=("B", "G"))
    _, rows = read(tmp_path, content)
    assert rows[0][1][1] == files.person_row(1)["证件号码"]


def test_hidden_sheets_and_the_instruction_sheet_are_not_data(tmp_path):
    content = files.xlsx_bytes([files.person_row(1)], before_sheets=[("旧名单", True), (INSTRUCTIONS_SHEET, False)])
    table, rows = read(tmp_path, content)
    assert table.sheet == "人员名单"
    assert len(rows) == 1


def test_numbers_and_dates_come_through_as_typed(tmp_path):
    row = files.person_row(1, 出生日期=date(1990, 1, 1), 缴费工资=6500.5)
    row["证件号码"] = 110105199001011234  # what Excel makes of an ID typed into a number cell
    _, rows = read(tmp_path, files.xlsx_bytes([row]))
    values = rows[0][1]
    assert isinstance(values[1], float)
    assert values[3] == 6500.5
    assert values[4] == date(1990, 1, 1)


def test_formulas_are_never_evaluated(tmp_path):
    content = files.xlsx_bytes([files.person_row(1, 姓名="PLACEHOLDER")])
    sheet = files.zip_member(content, "xl/worksheets/sheet1.xml").decode()
    sheet = re.sub(r'<c r="C2"[^>]*>.*?</c>', '<c r="C2" t="str"><f>CONCAT("张","三")</f><v>张三</v></c>', sheet)
    sheet = re.sub(r'<c r="G2"[^>]*>.*?</c>', '<c r="G2"><f>WEBSERVICE("http://x")</f></c>', sheet)
    _, rows = read(tmp_path, files.rewrite_member(content, "xl/worksheets/sheet1.xml", sheet.encode()))
    assert rows[0][1][2] == "张三"  # the value saved with the file
    assert rows[0][1][3] == ""  # no saved value: nothing computed


def test_our_own_formula_escape_is_removed_on_the_way_back(tmp_path):
    _, rows = read(tmp_path, files.xlsx_bytes([files.person_row(1, 姓名="'=HYPERLINK(\"x\")")]))
    assert rows[0][1][2] == '=HYPERLINK("x")'


def test_a_missing_required_column_is_named(tmp_path):
    content = files.xlsx_bytes([{"证件号码": "1", "姓名": "张三"}], header=["证件号码", "姓名"])
    with pytest.raises(FileRefused, match="缴费工资") as exc:
        read(tmp_path, content)
    assert exc.value.code == "no_header"


def test_a_file_without_the_header(tmp_path):
    content = files.xlsx_bytes([{"a": 1}], header=["a", "b"])
    with pytest.raises(FileRefused, match="没有找到") as exc:
        read(tmp_path, content)
    assert exc.value.code == "no_header"


def test_more_rows_than_the_limit(tmp_path):
    content = files.xlsx_bytes([files.person_row(i) for i in range(1, 7)])
    with pytest.raises(FileRefused, match="5行") as exc:
        read(tmp_path, content, max_rows=5)
    assert exc.value.code == "too_many_rows"


@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ","), ("utf-8", ";"), ("gb18030", ","),
                                                 ("gb18030", "\t")])
def test_csv_in_utf8_or_gbk(tmp_path, encoding, delimiter):
    content = files.csv_bytes([files.person_row(1, 姓名=" 赵六 "), files.person_row(2)], encoding=encoding,
                              delimiter=delimiter)
    table, rows = read(tmp_path, content, kind="csv")
    assert [number for number, _ in rows] == [2, 3]
    assert rows[0][1][2] == "赵六"
    assert rows[0][1][3] == "6500"


def test_an_old_xls_file(tmp_path):
    rows = [["单位职工名单"], ["姓名", "证件号码", "缴费工资"], ["张三", "110105199001011234", 6500.5], [],
            ["李四", "11010519900101123X", 5000]]
    table, got = read(tmp_path, xls.xls_bytes(rows, "人员名单"), kind="xls")
    assert table.header_row == 2 and table.sheet == "人员名单"
    assert got == [(3, ["", "110105199001011234", "张三", 6500.5, ""]), (5, ["", "11010519900101123X", "李四", 5000.0, ""])]
