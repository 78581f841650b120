"""Rate configurations for the contributions tests, written the way a centre administrator would enter them."""

from decimal import Decimal as D

from contributions.models import BaseSource, Grade, InjuryRate, Item, PersonCategory, Policy

INJURY_RATES = {1: "0.2", 2: "0.4", 3: "0.7", 4: "0.9", 5: "1.1", 6: "1.3", 7: "1.6", 8: "1.9"}


def policy(region, start_month="202401", **fields) -> Policy:
    fields.setdefault("average_wage", D("6000"))
    return Policy.objects.create(region=region, start_month=start_month, **fields)


def item(policy_obj, name, insurance_type, *, category=PersonCategory.EMPLOYEE, **fields) -> Item:
    return Item.objects.create(policy=policy_obj, name=name, insurance_type=insurance_type, category=category,
                               **fields)


def employee_items(policy_obj, *, injury=True) -> list[Item]:
    """Five items of enterprise staff: pension 16/8, unemployment 0.5/0.5, medical 8/2, injury by class, maternity."""
    items = [
        item(policy_obj, "养老保险", "110", order=1, unit_rate=D("16"), personal_rate=D("8"),
             account_percent=D("100")),
        item(policy_obj, "失业保险", "210", order=2, unit_rate=D("0.5"), personal_rate=D("0.5")),
        item(policy_obj, "医疗保险", "310", order=3, unit_rate=D("8"), personal_rate=D("2"), account_percent=D("100")),
        item(policy_obj, "生育保险", "510", order=5, unit_rate=D("0.8")),
    ]
    if injury:
        items.append(item(policy_obj, "工伤保险", "410", order=4, unit_rate_by_injury_class=True))
        for cls, rate in INJURY_RATES.items():
            InjuryRate.objects.create(policy=policy_obj, industry_class=cls, rate=D(rate))
    return items


def chengdu_2014(region) -> Policy:
    """成都2014年个体参保人员月缴费标准 (seed 003), by configuration: average wage 3,593 yuan; pension 20 % of the
    grade base rounded to the yuan (8 of the 20 points to the personal account); basic medical 8.5 % and 大病互助
    1 % on a fixed base of 2,548 yuan; maternity 0.75 % on the same base."""
    p = policy(region, "201401", name="成都2014年个体参保缴费标准", average_wage=D("3593"))
    flexible = PersonCategory.FLEXIBLE
    item(p, "养老保险", "110", category=flexible, order=1, base_source=BaseSource.GRADE,
         base_rounding="yuan_half_up", personal_rate=D("20"), account_percent=D("40"))
    item(p, "基本医疗保险", "310", category=flexible, order=2, base_source=BaseSource.FIXED_BASE,
         fixed_base=D("2548"), personal_rate=D("8.5"))
    item(p, "大病互助", "310", category=flexible, order=3, base_source=BaseSource.FIXED_BASE,
         fixed_base=D("2548"), personal_rate=D("1"))
    item(p, "生育保险", "510", category=flexible, order=4, base_source=BaseSource.FIXED_BASE,
         fixed_base=D("2548"), personal_rate=D("0.75"))
    for name, percent in (("最低档", 40), ("一档", 60), ("二档", 80), ("三档", 100)):
        Grade.objects.create(policy=p, name=name, percent=D(percent))
    return p
