"""The one compute service: clamps, rounding modes, fixed amounts and bases, grades, periods — all from
configuration, line by line."""

from decimal import Decimal as D

import pytest

from contributions.models import BaseSource, Item, PersonCategory
from contributions.services.compute import ContributionError, contribution_compute

from . import factories as f

pytestmark = pytest.mark.django_db
FLEX = PersonCategory.FLEXIBLE
STAFF = PersonCategory.EMPLOYEE


@pytest.fixture
def staff_policy(city):
    p = f.policy(city, "202401", average_wage=D("6000"))  # floor 3,600, ceiling 18,000
    f.employee_items(p)
    return p


def pension(district, wage, month="202406"):
    return contribution_compute(region=district, month=month, category=STAFF, insurance_types=["110"],
                                wage=wage).line("养老保险")


@pytest.mark.parametrize(("wage", "base", "clamped"), [
    ("3599.99", "3600.00", "floor"), ("3600", "3600.00", ""), ("3600.01", "3600.01", ""),
    ("17999.99", "17999.99", ""), ("18000", "18000.00", ""), ("18000.01", "18000.00", "ceiling"),
])
def test_wage_is_clamped_to_floor_and_ceiling(staff_policy, district, wage, base, clamped):
    result = contribution_compute(region=district, month="202406", category=STAFF, insurance_types=["110"],
                                  wage=D(wage))
    assert result.clamped == clamped
    assert result.line("养老保险").base == D(base)


def test_absolute_floor_and_ceiling_replace_percentages(staff_policy, district):
    staff_policy.floor_amount, staff_policy.ceiling_amount = D("4000"), D("20000")
    staff_policy.save()
    assert pension(district, D("3900")).base == D("4000.00")
    assert pension(district, D("25000")).base == D("20000.00")


def test_employee_breakdown_unit_personal_and_account_parts(staff_policy, district):
    result = contribution_compute(region=district, month="202406", category=STAFF, wage=D("8000"), injury_class=3)
    rows = {line.name: (line.unit_amount, line.personal_amount, line.account_amount) for line in result.lines}
    assert rows == {
        "养老保险": (D("1280.00"), D("640.00"), D("640.00")),
        "失业保险": (D("40.00"), D("40.00"), D("0.00")),
        "医疗保险": (D("640.00"), D("160.00"), D("160.00")),
        "工伤保险": (D("56.00"), D("0.00"), D("0.00")),  # class 3: 0.7 %
        "生育保险": (D("64.00"), D("0.00"), D("0.00")),
    }
    assert (result.unit_total, result.personal_total, result.total) == (D("2080.00"), D("840.00"), D("2920.00"))


def test_unconfigured_injury_class_is_a_clear_error(staff_policy, district):
    with pytest.raises(ContributionError, match="行业类别"):
        contribution_compute(region=district, month="202406", category=STAFF, insurance_types=["410"],
                             wage=D("8000"))


@pytest.mark.parametrize(("mode", "expected"), [
    ("cent_half_up", "12.35"),  # 1234.5 × 1 % = 12.345
    ("jiao_up", "12.40"),       # 见分进角
    ("cent_down", "12.34"),
])
def test_amount_rounding_modes(city, mode, expected):
    p = f.policy(city, average_wage=D("1000"))
    f.item(p, "测试", "210", personal_rate=D("1"), amount_rounding=mode)
    result = contribution_compute(region=city, month="202401", category=STAFF, wage=D("1234.5"))
    assert result.lines[0].personal_amount == D(expected)


def test_jiao_up_leaves_whole_jiao_alone(city):
    p = f.policy(city, average_wage=D("1000"))
    f.item(p, "测试", "210", personal_rate=D("1"), amount_rounding="jiao_up")
    assert contribution_compute(region=city, month="202401", category=STAFF,
                                wage=D("1230")).lines[0].personal_amount == D("12.30")


@pytest.mark.parametrize(("mode", "expected"), [
    ("none", "2155.80"), ("yuan_half_up", "2156.00"), ("yuan_up", "2156.00"),
])
def test_base_rounding_modes(city, mode, expected):
    p = f.policy(city, average_wage=D("3593"))
    f.item(p, "养老", "110", category=FLEX, base_source=BaseSource.GRADE, base_rounding=mode, personal_rate=D("20"))
    line = contribution_compute(region=city, month="202401", category=FLEX, grade=D("60")).lines[0]
    assert line.base == D(expected)


def test_yuan_up_raises_any_fraction_and_half_up_does_not(city):
    p = f.policy(city, average_wage=D("3593"))
    f.item(p, "上", "110", category=FLEX, base_source=BaseSource.GRADE, base_rounding="yuan_up")
    f.item(p, "四舍五入", "210", category=FLEX, base_source=BaseSource.GRADE, base_rounding="yuan_half_up")
    result = contribution_compute(region=city, month="202401", category=FLEX, grade=D("40"))  # 1437.2
    assert (result.line("上").base, result.line("四舍五入").base) == (D("1438.00"), D("1437.00"))


def test_fixed_amount_item_ignores_wage(city):
    p = f.policy(city)
    f.item(p, "大额医疗", "330", base_source=BaseSource.FIXED_AMOUNT, fixed_unit_amount=D("5"),
           fixed_personal_amount=D("10"))
    for wage in (D("1000"), D("50000")):
        line = contribution_compute(region=city, month="202401", category=STAFF, wage=wage).lines[0]
        assert (line.base, line.unit_amount, line.personal_amount) == (None, D("5.00"), D("10.00"))


def test_fixed_base_item_ignores_wage(city):
    p = f.policy(city)
    f.item(p, "医疗", "310", base_source=BaseSource.FIXED_BASE, fixed_base=D("4000"), unit_rate=D("6"))
    for wage in (D("1000"), D("50000"), None):
        line = contribution_compute(region=city, month="202401", category=STAFF, wage=wage).lines[0]
        assert (line.base, line.unit_amount) == (D("4000.00"), D("240.00"))


@pytest.mark.parametrize(("percent", "pension_amount", "total"), [
    ("40", "287.40", "548.57"), ("60", "431.20", "692.37"), ("80", "574.80", "835.97"), ("100", "718.60", "979.77"),
])
def test_chengdu_2014_flexible_grades_to_the_cent(city, percent, pension_amount, total):
    f.chengdu_2014(city)
    result = contribution_compute(region=city, month="201407", category=FLEX, grade=D(percent))
    assert result.line("养老保险").personal_amount == D(pension_amount)
    medical = result.line("基本医疗保险").personal_amount + result.line("大病互助").personal_amount
    assert medical == D("242.06")
    assert result.line("生育保险").personal_amount == D("19.11")
    assert result.total == D(total)
    assert result.unit_total == D("0.00")
    assert result.account_total == (D(pension_amount) * D("0.4")).quantize(D("0.01"))


def test_grade_item_without_grade_is_refused(city):
    f.chengdu_2014(city)
    with pytest.raises(ContributionError, match="缴费档次"):
        contribution_compute(region=city, month="201407", category=FLEX)


def test_rate_change_is_a_new_period_past_months_keep_old_rates(city, district):
    old = f.policy(city, "202401")
    f.item(old, "养老保险", "110", unit_rate=D("16"))
    new = f.policy(city, "202407", average_wage=D("7000"))
    f.item(new, "养老保险", "110", unit_rate=D("14"))
    june = contribution_compute(region=district, month="202406", category=STAFF, wage=D("10000"))
    july = contribution_compute(region=district, month="202407", category=STAFF, wage=D("10000"))
    assert (june.policy, june.lines[0].unit_amount) == (old, D("1600.00"))
    assert (july.policy, july.lines[0].unit_amount) == (new, D("1400.00"))


def test_district_policy_overrides_city_from_its_start(city, district, other_district):
    f.item(f.policy(city, "202401"), "养老保险", "110", unit_rate=D("16"))
    f.item(f.policy(district, "202403"), "养老保险", "110", unit_rate=D("15"))
    amount = lambda region, month: contribution_compute(  # noqa: E731
        region=region, month=month, category=STAFF, wage=D("10000")).lines[0].unit_amount
    assert amount(district, "202402") == D("1600.00")  # before its own policy: the city's
    assert amount(district, "202403") == D("1500.00")
    assert amount(other_district, "202403") == D("1600.00")


def test_no_policy_is_a_clear_error(city):
    with pytest.raises(ContributionError, match="没有配置缴费政策"):
        contribution_compute(region=city, month="202401", category=STAFF, wage=D("5000"))
    assert Item.objects.count() == 0
