"""The line checks on plain values (shared with the batch import) and the set-based registry checks."""

from datetime import date
from decimal import Decimal

import pytest

from enrollment import rules
from siportal.core.codes import StopReason
from tests import factories

from . import factories as ef

UNIT_TYPES = ["110", "210", "310", "410", "510"]


def errors_of(values, **kwargs):
    return dict(rules.join_row_errors(values, unit_types=kwargs.pop("unit_types", UNIT_TYPES), **kwargs)[1])


def test_a_good_row_is_cleaned_with_sex_and_birth_date_from_the_id():
    number = ef.id_number(birth="19850312", seq=7)  # odd sequence: male
    cleaned, errors = rules.join_row_errors(ef.join_post(id_number=f" {number.lower()} ", wage="6,500.50元"),
                                            unit_types=UNIT_TYPES)
    assert errors == []
    assert cleaned["id_number"] == number.upper()
    assert cleaned["sex"] == "1" and cleaned["birth_date"] == date(1985, 3, 12)
    assert cleaned["wage"] == Decimal("6500.50")


def test_a_bad_checksum_is_refused_on_the_id_number():
    errors = errors_of(ef.join_post(id_number=ef.bad_checksum(ef.id_number())))
    assert "校验码" in errors["id_number"]


@pytest.mark.parametrize(("shift", "ok"), [(-4, False), (-3, True), (0, True), (1, True), (2, False)])
def test_start_month_may_be_three_months_back_up_to_next_month(shift, ok):
    errors = errors_of(ef.join_post(start_month=ef.this_month(shift)))
    assert ("start_month" not in errors) is ok
    if shift == -4:
        assert "最多可补办前3个月" in errors["start_month"]
    if shift == 2:
        assert "最多只能预办下个月" in errors["start_month"]


def test_types_the_unit_is_not_opened_for_are_refused():
    errors = errors_of(ef.join_post(insurance_types=["110", "510"]), unit_types=["110", "310"])
    assert "本单位未参加生育保险" in errors["insurance_types"]


def test_codes_may_be_given_as_code_label_or_label():
    assert rules.parse_code("28|辞职", StopReason) == "28"
    assert rules.parse_code("辞退", StopReason) == "29"
    assert rules.parse_code(" 31 ", StopReason) == "31"
    assert rules.parse_code("跳槽", StopReason) is None


def test_a_passport_needs_sex_and_birth_date():
    errors = errors_of(ef.join_post(id_type="08", id_number="E12345678"))
    assert "birth_date" in errors and "sex" in errors
    assert errors_of(ef.join_post(id_type="08", id_number="E12345678", sex="2", birth_date="1990-05-01")) == {}


def test_wage_with_three_decimals_and_missing_fields():
    errors = errors_of(ef.join_post(wage="6500.555", name="", hukou_type=""))
    assert "两位小数" in errors["wage"] and "姓名" in errors["name"] and "户口性质" in errors["hukou_type"]


def test_work_before_sixteen_is_refused():
    errors = errors_of(ef.join_post(id_number=ef.id_number(birth="20000101"), work_start_date="2010-01-01"))
    assert "16周岁" in errors["work_start_date"]


def test_stop_row_maps_label_reasons():
    cleaned, errors = rules.stop_row_errors({"reason": "31|退休", "stop_month": ef.this_month()}, unit_types=UNIT_TYPES)
    assert errors == [] and cleaned["reason"] == "31" and cleaned["insurance_types"] == UNIT_TYPES


def test_mask_unit_name():
    assert rules.mask_unit_name("示范科技发展有限公司") == "示范****有限公司"
    assert rules.mask_unit_name("小店") == "小*"


@pytest.mark.django_db
def test_registry_checks_many_rows_in_two_queries(opened, django_assert_max_num_queries):
    existing = factories.person(id_number=ef.id_number(), name="老职工")
    rows = [rules.join_row_errors(ef.join_post(), unit_types=UNIT_TYPES)[0] for _ in range(200)]
    rows.append(dict(rows[0]))
    rows.append(rules.join_row_errors(ef.join_post(id_number=existing.id_number), unit_types=UNIT_TYPES)[0])
    with django_assert_max_num_queries(2):
        result = rules.join_registry_errors(rows, unit=opened, new_person=True)
    assert set(result) == {200, 201}
    assert "与第1行是同一人" in result[200][0][1]
    assert "请办理“增员”" in result[201][0][1]
    with django_assert_max_num_queries(2):
        rules.join_registry_errors(rows, unit=opened, new_person=False)
