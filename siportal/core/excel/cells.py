"""Cell converters: one messy spreadsheet value (str, int, float, date, datetime…) → one typed value.

Each takes what the reader gives (never ``None``: empty cells are handled before) and returns the clean value or
raises ``CellError`` with the reason in Chinese (the caller adds the row and column). They accept what real files
hold: full-width characters, stray spaces, IDs and months typed as numbers, dates as text or Excel serials,
``code|label`` cells from dropdowns.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 once Excel's phantom 1900-02-29 is accounted for
MAX_SERIAL = 2958465  # 9999-12-31
SERIAL_MONTHS = (18264, 73050)  # 1950-01-01 … 2099-12-31 as Excel serials
DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")
MONTH_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
AMOUNT_JUNK = str.maketrans("", "", ",¥￥元 ")
TRUE_WORDS = {"1", "是", "Y", "YES", "TRUE", "√", "✓", "参保", "参加", "选择", "有"}
FALSE_WORDS = {"0", "否", "N", "NO", "FALSE", "×", "不参保", "不参加", "不选择", "无"}


class CellError(ValueError):
    """The value of one cell cannot be used; ``str()`` is the reason shown to the user."""


def to_text(value) -> str:
    """Any value → text: full-width folded (NFKC), surrounding blanks trimmed; whole floats lose their ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text


def shorten(value, limit: int = 50) -> str:
    """A cell's text as quoted in a message: at most ``limit`` characters, then how long it really was."""
    text = to_text(value)
    if len(text) <= limit:
        return text
    return _("%(head)s…(共%(n)d个字符)") % {"head": text[:limit], "n": len(text)}


def _compact(value) -> str:
    return "".join(to_text(value).split()).upper()


def to_id_text(value) -> str:
    """An ID or account number. A number of 16 digits or more has lost its last digits in Excel (which keeps 15
    significant digits): refused, and the message says how to fix the file."""
    if isinstance(value, bool):
        raise CellError(_("不是有效的号码"))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(_("以数字格式保存且带有小数,请将该列设为“文本”格式后重新填写"))
        if abs(value) >= 10**15:
            raise CellError(_("以数字格式保存,超过15位的号码已被Excel改写(末几位变成0),无法还原。"
                              "请将该列设为“文本”格式后重新填写完整号码"))
        return str(int(value))
    if value.__class__ is str and value.isascii() and value.isalnum() and (value.isdigit() or value.isupper()):
        return value  # already clean: the same object, not a copy (100,000 rows of IDs add up)
    text = _compact(value)
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", text):
        raise CellError(_("是科学计数法“%(value)s”,号码已被Excel改写,无法还原。请将该列设为“文本”格式后"
                          "重新填写完整号码") % {"value": shorten(text)})
    return text


def to_date(value) -> date:
    """A date from a date cell, an Excel serial number, or text like 2024-01-05, 2024/1/5, 20240105, 2024年1月5日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(_("不是有效的日期"))
    if isinstance(value, (int, float)):
        if 19000101 <= value <= 29991231 and float(value).is_integer():
            return _date_from_digits(str(int(value)))
        if 1 <= value <= MAX_SERIAL:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(_("“%(value)s”不是有效的日期") % {"value": shorten(value)})
    text = to_text(value)
    if re.fullmatch(r"\d{8}", text):
        return _date_from_digits(text)
    match = DATE_RE.fullmatch(text)
    if match:
        return _real_date(text, *(int(g) for g in match.groups()))
    if re.fullmatch(r"\d{1,7}(\.\d+)?", text):  # a serial kept as text
        return to_date(float(text))
    raise CellError(_("“%(value)s”不是有效的日期,请按“2024-01-31”格式填写") % {"value": shorten(text)})


def _date_from_digits(text: str) -> date:
    return _real_date(text, int(text[:4]), int(text[4:6]), int(text[6:8]))


def _real_date(text, year, month, day) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_("“%(value)s”不是有效的日期") % {"value": shorten(text)}) from None


def to_month(value) -> str:
    """A month as ``yyyyMM`` from 202401, "2024-01", "2024年1月", a date (cell or text), or an Excel serial."""
    if isinstance(value, (date, datetime)):
        return f"{value:%Y%m}"
    if isinstance(value, bool):
        raise _bad_month(value)
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 190001 <= value <= 299912:
            return _real_month(str(int(value)), int(value) // 100, int(value) % 100)
        if SERIAL_MONTHS[0] <= value <= SERIAL_MONTHS[1]:  # a date cell that lost its date format
            return f"{to_date(value):%Y%m}"
        raise _bad_month(value)
    text = _compact(value)
    if len(text) == 6 and text.isdigit():
        return _real_month(text, int(text[:4]), int(text[4:]))
    match = MONTH_RE.fullmatch(text)
    if match:
        return _real_month(text, int(match.group(1)), int(match.group(2)))
    if re.fullmatch(r"\d{8}", text) or DATE_RE.fullmatch(to_text(value)):
        return f"{to_date(to_text(value)):%Y%m}"
    raise _bad_month(value)


def _bad_month(value) -> CellError:
    return CellError(_("“%(value)s”不是有效的年月,请按“202401”格式填写") % {"value": shorten(value)})


def _real_month(text, year, month) -> str:
    if not 1 <= month <= 12 or year < 1900:
        raise _bad_month(text)
    return f"{year:04d}{month:02d}"


def to_decimal(value, places: int | None = 2) -> Decimal:
    """An amount: numbers, or text with thousands separators, ¥ or 元; rounded half-up to ``places`` (``None``:
    as written, for rules that refuse extra decimals rather than round them)."""
    if isinstance(value, bool):
        raise CellError(_("不是有效的金额"))
    if isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        text = to_text(value).translate(AMOUNT_JUNK)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s”不是有效的金额") % {"value": shorten(value)}) from None
    if not amount.is_finite():
        raise CellError(_("不是有效的金额"))
    if places is None:
        return amount
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def to_flag(value) -> bool:
    """Yes/no cells: 是/否, 1/0, √/×, 参保/不参保, ``1|参保``."""
    text = _compact(value).split("|", 1)[0]
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s”应填写“是”或“否”") % {"value": shorten(value)})


def code_lookup(choices) -> dict:
    """Every spelling a user may put in a coded cell → the code: code, label, ``code|label``, ``code label``."""
    lookup = {}
    for code, label in choices:
        code, label = str(code), str(label)
        for key in (code, label, f"{code}|{label}", f"{code}{label}"):
            lookup["".join(unicodedata.normalize("NFKC", key).split()).upper()] = code
    return lookup


def to_code(value, lookup: dict, width: int = 0) -> str:
    """A coded cell → its code, through ``code_lookup(choices)``. A number typed for a zero-padded code
    (1 for "01") is padded to ``width``."""
    text = _compact(value)
    if text in lookup:
        return lookup[text]
    if "|" in text:
        head = text.split("|", 1)[0]
        if head in lookup:
            return lookup[head]
    if width and text.isdigit() and text.zfill(width) in lookup:
        return lookup[text.zfill(width)]
    raise CellError(_("“%(value)s”不在可选范围内,请从下拉列表中选择") % {"value": shorten(value)})
