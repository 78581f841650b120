"""Validators against published examples (GB 11643, GB 32100, GB 11714) and the other 证件类型 formats."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from siportal.core import validators as v


def message(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def check17(first17: str) -> str:
    """Independent MOD 11-2, written out from the standard's definition (check = (12 − S mod 11) mod 11)."""
    s = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    value = (12 - s % 11) % 11
    return "X" if value == 10 else str(value)


# --- 公民身份号码 ---------------------------------------------------------------------------------


def test_gb11643_example():
    assert check17("11010519491231002") == "X"  # our own calculation agrees with the standard
    assert v.id_check_char("11010519491231002") == "X"
    assert v.validate_resident_id("11010519491231002X") == "11010519491231002X"


def test_lower_case_x_spaces_and_full_width_accepted():
    assert v.validate_resident_id(" 110105 19491231 002x ") == "11010519491231002X"
    assert v.validate_resident_id("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"
    assert v.validate_resident_id("110105\u300019491231002ｘ") == "11010519491231002X"


def test_15_digit_upgrade():
    assert v.upgrade_id15("110105491231002") == "11010519491231002X"
    assert v.validate_resident_id("110105491231002") == "11010519491231002X"


def test_wrong_check_char_does_not_give_the_right_one_away():
    with pytest.raises(ValidationError) as exc:
        v.validate_resident_id("110105194912310023")
    assert "校验码不正确" in message(exc)
    assert "X" not in message(exc) and "应为" not in message(exc)


@pytest.mark.parametrize("number", ["11010519490230002", "11010519991301002", "11010520230229002"])
def test_impossible_birth_date_refused(number):
    with pytest.raises(ValidationError) as exc:
        v.validate_resident_id(number + check17(number))
    assert "不是有效日期" in message(exc)
    assert number[6:14] in message(exc)


def test_19990230_refused():
    first17 = "11010519990230002"
    with pytest.raises(ValidationError) as exc:
        v.validate_resident_id(first17 + check17(first17))
    assert "出生日期19990230不是有效日期" in message(exc)


def test_future_and_pre_1900_birth_dates_refused():
    tomorrow = date.today() + timedelta(days=2)
    first17 = "110105" + tomorrow.strftime("%Y%m%d") + "002"
    with pytest.raises(ValidationError) as exc:
        v.validate_resident_id(first17 + check17(first17))
    assert "晚于今天" in message(exc)
    first17 = "11010518991231002"
    with pytest.raises(ValidationError) as exc:
        v.validate_resident_id(first17 + check17(first17))
    assert "早于1900年" in message(exc)


def test_leap_day_accepted():
    first17 = "11010520000229001"
    assert v.validate_resident_id(first17 + check17(first17)) == first17 + check17(first17)


@pytest.mark.parametrize(
    "value, text",
    [
        ("", "请填写身份证号码"),
        ("1101051949123100", "应为18位(或15位旧号码),实为16位"),
        ("1101A519491231002X", "第5位字符'A'不是数字"),
        ("11010519491231002Y", "第18位字符'Y'应为数字或X"),
        ("11010549123100A", "第15位字符'A'不是数字"),
    ],
)
def test_resident_id_format_errors(value, text):
    with pytest.raises(ValidationError) as exc:
        v.validate_resident_id(value)
    assert text in message(exc)


def test_birth_date_and_sex():
    assert v.id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert v.id_sex("11010519491231002X") == "2"  # sequence 002: even → 女
    first17 = "11010519900101001"
    assert v.id_sex(first17 + check17(first17)) == "1"


# --- other 证件类型 -------------------------------------------------------------------------------


def test_normalize_resident_id():
    assert v.normalize_id_number("01", "110105491231002") == "11010519491231002X"


def test_residence_permit():
    for prefix in ("810000", "820000", "830000"):
        first17 = prefix + "19900101001"
        number = first17 + check17(first17)
        assert v.normalize_id_number("17", number) == number
    first17 = "81000019900101001"
    wrong = "0" if check17(first17) != "0" else "1"
    with pytest.raises(ValidationError) as exc:
        v.normalize_id_number("17", first17 + wrong)
    assert "校验码不正确" in message(exc) and "应为" not in message(exc)
    first17 = "11010519900101001"
    with pytest.raises(ValidationError) as exc:
        v.normalize_id_number("17", first17 + check17(first17))
    assert "810000、820000或830000开头" in message(exc)


@pytest.mark.parametrize("id_type", ["04", "05"])
def test_hk_macao_permit(id_type):
    assert v.normalize_id_number(id_type, "h12345678") == "H12345678"
    assert v.normalize_id_number(id_type, "M1234567801") == "M1234567801"
    for bad in ("K12345678", "H1234567", "H123456789"):
        with pytest.raises(ValidationError) as exc:
            v.normalize_id_number(id_type, bad)
        assert "H或M加8位数字" in message(exc)


def test_taiwan_permit():
    assert v.normalize_id_number("06", "12345678") == "12345678"
    assert v.normalize_id_number("06", "1234567801") == "1234567801"
    with pytest.raises(ValidationError) as exc:
        v.normalize_id_number("06", "T1234567")
    assert "8位数字" in message(exc)


def test_foreign_permanent_resident_id():
    first17 = "93315619900101001"
    number = first17 + check17(first17)
    assert v.normalize_id_number("07", number.lower()) == number
    assert v.normalize_id_number("07", "usa123456789012") == "USA123456789012"  # pre-2023 format
    with pytest.raises(ValidationError) as exc:
        v.normalize_id_number("07", "8" + number[1:])
    assert "第1位应为9" in message(exc)
    wrong = "0" if number[17] != "0" else "1"
    with pytest.raises(ValidationError) as exc:
        v.normalize_id_number("07", first17 + wrong)
    assert "校验码不正确" in message(exc) and number[17] not in message(exc)


@pytest.mark.parametrize("id_type", ["02", "03", "08", "99"])
def test_other_documents(id_type):
    assert v.normalize_id_number(id_type, " e1234-5678 ") == "E1234-5678"
    with pytest.raises(ValidationError) as exc:
        v.normalize_id_number(id_type, "E1234_5678")
    assert "第6位字符'_'" in message(exc)
    with pytest.raises(ValidationError) as exc:
        v.normalize_id_number(id_type, "A" * 31)
    assert "1-30位" in message(exc)


def test_unknown_id_type():
    with pytest.raises(ValidationError) as exc:
        v.normalize_id_number("42", "12345678")
    assert "证件类型'42'不正确" in message(exc)


# --- 统一社会信用代码 -----------------------------------------------------------------------------

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check(first17: str) -> str:
    """Independent GB 32100 check: weights are 3^i mod 31."""
    s = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return ALPHABET[-s % 31]


# Published codes (business-licence / 国家企业信用信息公示系统 listings); each verified by uscc_check below.
PUBLISHED_USCC = [
    "91350100M000100Y43",  # widely quoted example (福州)
    "91110108551385082Q",  # 北京小米科技有限责任公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
]


@pytest.mark.parametrize("code", PUBLISHED_USCC)
def test_published_uscc(code):
    assert uscc_check(code[:17]) == code[17]
    assert v.uscc_check_char(code[:17]) == code[17]
    assert v.validate_uscc(code) == code
    assert v.validate_uscc(" " + code.lower() + " ") == code


def test_uscc_wrong_check_char():
    with pytest.raises(ValidationError) as exc:
        v.validate_uscc("91350100M000100Y4Y")
    assert message(exc) == "统一社会信用代码校验码不正确"


@pytest.mark.parametrize("char, pos", [("I", 5), ("O", 9), ("S", 12), ("V", 17), ("Z", 18)])
def test_uscc_forbidden_character_names_position(char, pos):
    code = "91350100M000100Y43"
    bad = code[: pos - 1] + char + code[pos:]
    with pytest.raises(ValidationError) as exc:
        v.validate_uscc(bad)
    assert f"第{pos}位字符'{char}'不是统一社会信用代码允许的字符" in message(exc)


def test_uscc_length():
    with pytest.raises(ValidationError) as exc:
        v.validate_uscc("91350100M000100Y4")
    assert "应为18位,实为17位" in message(exc)


def test_uscc_check_value_31_maps_to_zero():
    # search a code whose Σ mod 31 is 0: the check value 31 must become "0"
    first17 = next(
        "91110000" + f"{n:09d}" for n in range(10**6) if uscc_check("91110000" + f"{n:09d}") == "0"
    )
    assert v.uscc_check_char(first17) == "0"
    assert v.validate_uscc(first17 + "0") == first17 + "0"


# --- 组织机构代码 ---------------------------------------------------------------------------------


def org_check(first8: str) -> str:
    s = sum(int(c, 36) * w for c, w in zip(first8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    return {10: "X", 11: "0"}.get(11 - s % 11, str(11 - s % 11))


def test_org_code_standard_example():
    assert org_check("D2143569") == "X"
    assert v.validate_org_code("D2143569-X") == "D2143569X"
    assert v.validate_org_code("d2143569x") == "D2143569X"


def test_org_code_inside_published_uscc():
    assert org_check("55138508") == "2"  # 小米's USCC carries org code 55138508-2
    assert v.validate_org_code("55138508-2") == "551385082"


def test_org_code_errors():
    with pytest.raises(ValidationError) as exc:
        v.validate_org_code("D2143569-1")
    assert message(exc) == "组织机构代码校验码不正确"
    with pytest.raises(ValidationError) as exc:
        v.validate_org_code("D21435-X")
    assert "应为9位" in message(exc)
    with pytest.raises(ValidationError) as exc:
        v.validate_org_code("D21_3569-X")
    assert "第4位字符'_'" in message(exc)


def test_org_code_check_11_maps_to_zero():
    # "0" only arises from 11 − 0, i.e. Σ mod 11 == 0
    first8 = next(f"{n:08d}" for n in range(10**5) if org_check(f"{n:08d}") == "0")
    assert v.validate_org_code(first8 + "0") == first8 + "0"


# --- months and mobiles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["202405", "2024-05", "2024/5", "2024年5月", "2024年05月", 202405, "２０２４０５"]
)
def test_month_formats(value):
    assert v.validate_month(value) == "202405"


@pytest.mark.parametrize(
    "value, text",
    [
        ("202413", "月份应为01-12,实为13"),
        ("202400", "实为00"),
        ("189912", "1900-2100"),
        ("2024-5-1", "格式不正确"),
        ("", "请填写年月"),
    ],
)
def test_month_errors(value, text):
    with pytest.raises(ValidationError) as exc:
        v.validate_month(value)
    assert text in message(exc)


def test_month_arithmetic():
    assert v.month_add("202412", 1) == "202501"
    assert v.month_add("202401", -1) == "202312"
    assert v.month_add("202405", 0) == "202405"
    assert v.month_add("202405", -17) == "202212"
    assert v.month_add("202405", 24) == "202605"
    assert v.month_of(date(2024, 5, 31)) == "202405"


@pytest.mark.parametrize(
    "value",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "１３８１２３４５６７８",
    ],
)
def test_mobile_accepted(value):
    assert v.validate_mobile(value) == "13812345678"


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "138123456789", "23812345678", "1381234567a"])
def test_mobile_refused(value):
    with pytest.raises(ValidationError) as exc:
        v.validate_mobile(value)
    assert "手机号码" in message(exc)
