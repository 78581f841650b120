"""Demo rate tables (DEMO_MODE only, called from ``accounts.demo.demo_load`` through the app config): the demo
city's 2025 policy and its July 2025 switch, with enterprise-staff items, work-injury rates and flexible
employment grades, so /standards/ has something to show. Idempotent."""

from decimal import Decimal as D

from .models import BaseSource, Grade, InjuryRate, Item, PersonCategory, Policy

INJURY = {1: "0.2", 2: "0.4", 3: "0.7", 4: "0.9", 5: "1.1", 6: "1.3", 7: "1.6", 8: "1.9"}
GRADES = [("一档", 60), ("二档", 70), ("三档", 80), ("四档", 90), ("五档", 100)]


def _items(policy: Policy, medical_base: D) -> None:
    staff, flex = PersonCategory.EMPLOYEE, PersonCategory.FLEXIBLE
    rows = [
        (staff, "110", "养老保险", 1, {"unit_rate": D("16"), "personal_rate": D("8"), "account_percent": D("100")}),
        (staff, "210", "失业保险", 2, {"unit_rate": D("0.5"), "personal_rate": D("0.5")}),
        (staff, "310", "职工基本医疗保险", 3, {"unit_rate": D("8"), "personal_rate": D("2"),
                                             "account_percent": D("100")}),
        (staff, "330", "大额医疗费用补助", 4, {"base_source": BaseSource.FIXED_AMOUNT,
                                             "fixed_personal_amount": D("10")}),
        (staff, "410", "工伤保险", 5, {"unit_rate_by_injury_class": True}),
        (flex, "110", "养老保险", 1, {"base_source": BaseSource.GRADE, "base_rounding": "yuan_half_up",
                                     "personal_rate": D("20"), "account_percent": D("40")}),
        (flex, "310", "基本医疗保险", 2, {"base_source": BaseSource.FIXED_BASE, "fixed_base": medical_base,
                                         "personal_rate": D("8.5")}),
        (flex, "310", "大病互助", 3, {"base_source": BaseSource.FIXED_BASE, "fixed_base": medical_base,
                                     "personal_rate": D("1")}),
    ]
    for category, code, name, order, values in rows:
        Item.objects.update_or_create(policy=policy, category=category, insurance_type=code, name=name,
                                      defaults={"order": order, **values})
    for cls, rate in INJURY.items():
        InjuryRate.objects.update_or_create(policy=policy, industry_class=cls, defaults={"rate": D(rate)})
    for name, percent in GRADES:
        Grade.objects.update_or_create(policy=policy, percent=D(percent), defaults={"name": name})


def demo_policies(*, city) -> list[Policy]:
    policies = []
    for start, name, wage, medical in (("202501", "示范市2025年上半年缴费标准", "7800", "4680"),
                                       ("202507", "示范市2025年7月起缴费标准", "8200", "4920")):
        policy, _ = Policy.objects.update_or_create(region=city, start_month=start, defaults={
            "name": name, "average_wage": D(wage), "undeclared_rule": "percent", "undeclared_percent": D("110")})
        _items(policy, D(medical))
        policies.append(policy)
    return policies
