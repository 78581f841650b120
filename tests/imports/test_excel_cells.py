"""Cell converters: the values real files hold, and the reasons given for the ones that cannot be used."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from siportal.core.excel import CellError, to_date, to_decimal, to_flag, to_id_text, to_month, to_text
from siportal.core.excel.cells import code_lookup, to_code


@pytest.mark.parametrize("value, expected", [
    (" 张三 ", "张三"), ("ＡＢＣ１２３", "ABC123"), (5000.0, "5000"), (12, "12"), (date(2024, 1, 5), "2024-01-05"),
])
def test_text_is_trimmed_and_folded(value, expected):
    assert to_text(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("11010519900101123x", "11010519900101123X"), (" 1101 0519 9001 0112 34 ", "110105199001011234"),
    ("１１０１０５１９９００１０１１２３４", "110105199001011234"), (110105900101123, "110105900101123"),
    (13900000001, "13900000001"), (13900000001.0, "13900000001"),
])
def test_id_text_accepts_text_and_short_numbers(value, expected):
    assert to_id_text(value) == expected


@pytest.mark.parametrize("value", [1.101051990010112e17, 110105199001011234, "1.10105E+17", "1.101052E+17"])
def test_an_id_that_excel_stored_as_a_number_has_lost_digits_and_is_refused(value):
    with pytest.raises(CellError, match="文本"):
        to_id_text(value)


@pytest.mark.parametrize("value, expected", [
    (date(2024, 1, 5), date(2024, 1, 5)), (datetime(2024, 1, 5, 0, 0), date(2024, 1, 5)),
    ("2024-01-05", date(2024, 1, 5)), ("2024/1/5", date(2024, 1, 5)), ("2024.1.5", date(2024, 1, 5)),
    ("20240105", date(2024, 1, 5)), ("2024年1月5日", date(2024, 1, 5)), ("2024-01-05 00:00:00", date(2024, 1, 5)),
    (45296, date(2024, 1, 5)), (45296.0, date(2024, 1, 5)), ("45296", date(2024, 1, 5)),
    (20240105, date(2024, 1, 5)), ("２０２４－０１－０５", date(2024, 1, 5)),
])
def test_dates_as_cells_text_or_excel_serials(value, expected):
    assert to_date(value) == expected


@pytest.mark.parametrize("value", ["2024-02-30", "明天", "20241301", -3, True])
def test_bad_dates_are_refused_with_the_value(value):
    with pytest.raises(CellError):
        to_date(value)


@pytest.mark.parametrize("value, expected", [
    ("202401", "202401"), (202401, "202401"), (202401.0, "202401"), ("2024-01", "202401"), ("2024/1", "202401"),
    ("2024年1月", "202401"), (date(2024, 1, 31), "202401"), (45292, "202401"), ("2024-01-15", "202401"),
    ("2024-01-15 00:00:00", "202401"), ("20240115", "202401"),
])
def test_months(value, expected):
    assert to_month(value) == expected


@pytest.mark.parametrize("value", ["202413", "2024", "一月", 190000])
def test_bad_months(value):
    with pytest.raises(CellError, match="年月"):
        to_month(value)


@pytest.mark.parametrize("value, expected", [
    (6500, Decimal("6500.00")), (6500.555, Decimal("6500.56")), ("6,500.50", Decimal("6500.50")),
    ("¥6500元", Decimal("6500.00")), (" ６５００ ", Decimal("6500.00")), (0.1 + 0.2, Decimal("0.30")),
])
def test_amounts_are_decimals_rounded_half_up(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize("value", ["六千", "12a", True, float("nan")])
def test_bad_amounts(value):
    with pytest.raises(CellError):
        to_decimal(value)


@pytest.mark.parametrize("value, expected", [("是", True), ("否", False), ("1|参保", True), ("√", True), (0, False)])
def test_flags(value, expected):
    assert to_flag(value) is expected


def test_codes_accept_code_label_both_and_an_unpadded_number():
    lookup = code_lookup([("01", "居民身份证"), ("17", "港澳台居民居住证")])
    for value in ("01", "居民身份证", "01|居民身份证", "01｜居民身份证", " 01 | 居民身份证 ", 1, 1.0, "17港澳台居民居住证"):
        assert to_code(value, lookup, width=2) in ("01", "17")
    assert to_code(1, lookup, width=2) == "01"
    with pytest.raises(CellError, match="下拉列表"):
        to_code("护照", lookup, width=2)
