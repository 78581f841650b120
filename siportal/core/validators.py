"""Pure validators and normalisers for ID numbers, credit/org codes, months and mobile numbers (DOMAIN.md §4)."""

import re
import unicodedata
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .text import has_invisible

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

RESIDENCE_PERMIT_PREFIXES = ("810000", "820000", "830000")
ID_NUMBER_WHAT = gettext_lazy("身份证号码")


def _clean(value) -> str:
    """Full-width → half-width (NFKC), all whitespace removed, upper-cased."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return "".join(text.split()).upper()


def _today() -> date:
    return timezone.localdate() if settings.USE_TZ else date.today()


def _in_future(day: date) -> bool:
    """``day`` is after today in the portal's time zone. The system date is within a day of it, so the zone's
    date is computed only for days that can be in the future (a 100,000-row import checks 100,000 birth dates)."""
    return day >= date.today() - timedelta(days=1) and day > _today()


def _first_bad(value: str, allowed: str) -> tuple[int, str] | None:
    """1-based position and character of the first character of ``value`` not in ``allowed``."""
    for pos, char in enumerate(value, start=1):
        if char not in allowed:
            return pos, char
    return None


def _require_digits(value: str, what: str) -> None:
    bad = _first_bad(value, "0123456789")
    if bad:
        raise ValidationError(
            _("%(what)s第%(pos)d位字符'%(char)s'不是数字"),
            code="invalid_char",
            params={"what": what, "pos": bad[0], "char": bad[1]},
        )


def _check_mod11_2(number: str, what: str) -> None:
    """Check the 18th character of ``number`` (17 digits + check) against ISO 7064 MOD 11-2."""
    expected, actual = id_check_char(number[:17]), number[17]
    if actual != expected:
        raise ValidationError(_("%(what)s校验码不正确"), code="check_char", params={"what": what})


# --- 公民身份号码 (GB 11643-1999) -------------------------------------------------------------


def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    if len(first17) != 17:
        raise ValidationError(
            _("计算校验码需要17位数字,实为%(n)d位"), code="length", params={"n": len(first17)}
        )
    _require_digits(first17, "")
    total = sum(int(char) * weight for char, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def upgrade_id15(number: str) -> str:
    """Upgrade a 15-digit old ID number to 18 digits ("19" before YYMMDD, MOD 11-2 check appended)."""
    number = _clean(number)
    if len(number) != 15:
        raise ValidationError(
            _("15位旧身份证号码应为15位,实为%(n)d位"), code="length", params={"n": len(number)}
        )
    _require_digits(number, _("身份证号码"))
    first17 = number[:6] + "19" + number[6:]
    return first17 + id_check_char(first17)


def validate_resident_id(value: str) -> str:
    """Validate a 居民身份证 number and return it as 18 upper-case characters (15-digit ones upgraded)."""
    what = ID_NUMBER_WHAT  # translated only when an error message is written
    number = _clean(value)
    if not number:
        raise ValidationError(_("请填写身份证号码"), code="required")
    if len(number) == 15:
        number = upgrade_id15(number)
    if len(number) != 18:
        raise ValidationError(
            _("身份证号码应为18位(或15位旧号码),实为%(n)d位"), code="length", params={"n": len(number)}
        )
    _require_digits(number[:17], what)
    if number[17] not in "0123456789X":
        raise ValidationError(
            _("身份证号码第18位字符'%(char)s'应为数字或X"), code="invalid_char", params={"char": number[17]}
        )
    digits = number[6:14]
    try:
        birth = id_birth_date(number)
    except ValueError:
        raise ValidationError(
            _("身份证号码第7-14位出生日期%(date)s不是有效日期"), code="birth_date", params={"date": digits}
        ) from None
    if birth.year < 1900:
        raise ValidationError(
            _("身份证号码第7-14位出生日期%(date)s早于1900年"), code="birth_date", params={"date": digits}
        )
    if _in_future(birth):
        raise ValidationError(
            _("身份证号码第7-14位出生日期%(date)s晚于今天"), code="birth_date", params={"date": digits}
        )
    _check_mod11_2(number, what)
    return number


def id_birth_date(number18: str) -> date:
    """Birth date (positions 7–14) of an 18-digit ID number; ValueError if it is not a real date."""
    return date(int(number18[6:10]), int(number18[10:12]), int(number18[12:14]))


def id_sex(number18: str) -> str:
    """GB/T 2261.1 sex code from an 18-digit ID number: "1" 男 (odd 17th digit) or "2" 女."""
    return "1" if int(number18[16]) % 2 else "2"


# --- 证件类型 dispatch -------------------------------------------------------------------------


def _residence_permit(number: str) -> str:
    what = _("港澳台居民居住证号码")
    if len(number) != 18:
        raise ValidationError(
            _("港澳台居民居住证号码应为18位,实为%(n)d位"), code="length", params={"n": len(number)}
        )
    _require_digits(number[:17], what)
    if not number.startswith(RESIDENCE_PERMIT_PREFIXES):
        raise ValidationError(
            _("港澳台居民居住证号码应以810000、820000或830000开头,实为%(prefix)s"),
            code="prefix",
            params={"prefix": number[:6]},
        )
    _check_mod11_2(number, what)
    return number


def _hk_macao_permit(number: str) -> str:
    if not re.fullmatch(r"[HM]\d{8}(\d{2})?", number):
        raise ValidationError(
            _("港澳居民来往内地通行证号码应为H或M加8位数字(可再加2位换证次数),实为'%(value)s'"),
            code="format",
            params={"value": number},
        )
    return number


def _taiwan_permit(number: str) -> str:
    if not re.fullmatch(r"\d{8}(\d{2})?", number):
        raise ValidationError(
            _("台湾居民来往大陆通行证号码应为8位数字(可再加2位换证次数),实为'%(value)s'"),
            code="format",
            params={"value": number},
        )
    return number


def _foreign_permanent(number: str) -> str:
    if re.fullmatch(r"[A-Z]{3}\d{12}", number):  # the pre-2023 format
        return number
    what = _("外国人永久居留身份证号码")
    if len(number) != 18:
        raise ValidationError(
            _("外国人永久居留身份证号码应为18位(或旧版3位字母加12位数字),实为%(n)d位"),
            code="length",
            params={"n": len(number)},
        )
    _require_digits(number[:17], what)
    if number[0] != "9":
        raise ValidationError(
            _("外国人永久居留身份证号码第1位应为9,实为%(char)s"), code="prefix", params={"char": number[0]}
        )
    _check_mod11_2(number, what)
    return number


def _other_document(number: str) -> str:
    if not 1 <= len(number) <= 30:
        raise ValidationError(_("证件号码应为1-30位,实为%(n)d位"), code="length", params={"n": len(number)})
    bad = _first_bad(number, ORG_ALPHABET + "-")
    if bad:
        raise ValidationError(
            _("证件号码第%(pos)d位字符'%(char)s'不允许,只能使用字母、数字和连字符"),
            code="invalid_char",
            params={"pos": bad[0], "char": bad[1]},
        )
    return number


_BY_ID_TYPE = {
    "01": validate_resident_id,
    "02": _other_document,
    "03": _other_document,
    "04": _hk_macao_permit,
    "05": _hk_macao_permit,
    "06": _taiwan_permit,
    "07": _foreign_permanent,
    "08": _other_document,
    "17": _residence_permit,
    "99": _other_document,
}


def normalize_id_number(id_type: str, number: str) -> str:
    """Validate ``number`` for the 证件类型 code ``id_type`` and return its normalised form."""
    check = _BY_ID_TYPE.get(id_type)
    if check is None:
        raise ValidationError(_("证件类型'%(type)s'不正确"), code="id_type", params={"type": id_type})
    number = _clean(number)
    if not number:
        raise ValidationError(_("请填写证件号码"), code="required")
    return check(number)


# --- 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714) ---------------------------------


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character for the first 17 characters of a 统一社会信用代码."""
    if len(first17) != 17:
        raise ValidationError(
            _("计算校验码需要17位字符,实为%(n)d位"), code="length", params={"n": len(first17)}
        )
    bad = _first_bad(first17, USCC_ALPHABET)
    if bad:
        raise ValidationError(
            _("第%(pos)d位字符'%(char)s'不是统一社会信用代码允许的字符"),
            code="invalid_char",
            params={"pos": bad[0], "char": bad[1]},
        )
    total = sum(
        USCC_ALPHABET.index(char) * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Validate a 统一社会信用代码 and return it upper-cased (the embedded 组织机构代码 is not checked)."""
    code = _clean(value)
    if not code:
        raise ValidationError(_("请填写统一社会信用代码"), code="required")
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位,实为%(n)d位"), code="length", params={"n": len(code)}
        )
    bad = _first_bad(code, USCC_ALPHABET)
    if bad:
        raise ValidationError(
            _("第%(pos)d位字符'%(char)s'不是统一社会信用代码允许的字符"),
            code="invalid_char",
            params={"pos": bad[0], "char": bad[1]},
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(_("统一社会信用代码校验码不正确"), code="check_char")
    return code


def validate_org_code(value: str) -> str:
    """Validate a 组织机构代码 ("XXXXXXXX-X" or 9 characters) and return the 9 characters without hyphen."""
    code = _clean(value)
    if not code:
        raise ValidationError(_("请填写组织机构代码"), code="required")
    if len(code) == 10 and code[8] == "-":
        code = code[:8] + code[9]
    if len(code) != 9:
        raise ValidationError(
            _("组织机构代码应为9位(可写作XXXXXXXX-X),实为%(n)d位"), code="length", params={"n": len(code)}
        )
    bad = _first_bad(code[:8], ORG_ALPHABET)
    if bad:
        raise ValidationError(
            _("组织机构代码第%(pos)d位字符'%(char)s'应为数字或大写字母"),
            code="invalid_char",
            params={"pos": bad[0], "char": bad[1]},
        )
    remainder = (
        11 - sum(ORG_ALPHABET.index(char) * w for char, w in zip(code[:8], ORG_WEIGHTS, strict=True)) % 11
    )
    expected = {10: "X", 11: "0"}.get(remainder, str(remainder))
    if code[8] != expected:
        raise ValidationError(_("组织机构代码校验码不正确"), code="check_char")
    return code


# --- months and mobile numbers ------------------------------------------------------------------

_MONTH_PATTERNS = (
    re.compile(r"(\d{4})(\d{2})"),
    re.compile(r"(\d{4})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月?"),
)


def validate_month(value) -> str:
    """Validate a month ("202405", "2024-05", "2024/5", "2024年5月" or 202405) and return "yyyyMM"."""
    text = _clean(value)
    if not text:
        raise ValidationError(_("请填写年月"), code="required")
    match = next((m for p in _MONTH_PATTERNS if (m := p.fullmatch(text))), None)
    if match is None:
        raise ValidationError(
            _("年月'%(value)s'格式不正确,应为6位年月(如202405)"), code="format", params={"value": text}
        )
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise ValidationError(_("月份应为01-12,实为%(month)02d"), code="month", params={"month": month})
    if not 1900 <= year <= 2100:
        raise ValidationError(_("年份应在1900-2100之间,实为%(year)d"), code="year", params={"year": year})
    return f"{year:04d}{month:02d}"


def month_add(yyyymm: str, n: int) -> str:
    """The month ``n`` months after (negative: before) ``yyyymm``."""
    index = int(yyyymm[:4]) * 12 + int(yyyymm[4:6]) - 1 + n
    return f"{index // 12:04d}{index % 12 + 1:02d}"


def month_of(d: date) -> str:
    """The "yyyyMM" month of a date."""
    return f"{d.year:04d}{d.month:02d}"


def validate_mobile(value) -> str:
    """Validate a mainland mobile number (spaces, hyphens and a leading +86 allowed) and return 11 digits."""
    number = _clean(value).replace("-", "")
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    if not number:
        raise ValidationError(_("请填写手机号码"), code="required")
    if not re.fullmatch(r"1[3-9]\d{9}", number):
        raise ValidationError(
            _("手机号码'%(value)s'不正确,应为1开头、第2位为3-9的11位数字"),
            code="invalid",
            params={"value": number},
        )
    return number


# --- names (姓名, 单位名称) -------------------------------------------------------------------


@deconstructible
class VisibleTextValidator:
    """Refuse control and format characters (NUL, RLO U+202E, zero-width…) in a name instead of dropping them:
    a name must read exactly as it is stored. Form fields carrying this validator are not silently cleaned
    (see ``siportal.core.forms``)."""

    def __init__(self, what):
        self.what = what

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_invisible(value):
            raise ValidationError(
                _("%(what)s含有不可见或控制字符"), code="invisible_char", params={"what": self.what}
            )

    def __eq__(self, other):
        return isinstance(other, VisibleTextValidator) and str(self.what) == str(other.what)


validate_visible_name = VisibleTextValidator(gettext_lazy("姓名"))
validate_visible_unit_name = VisibleTextValidator(gettext_lazy("单位名称"))
