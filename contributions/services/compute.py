"""A person's monthly contribution, computed from configuration alone.

Per item: base (declared wage clamped to the policy's floor and ceiling, a fixed base, or a grade = % of the
average wage) → base rounding → unit and personal amounts (rate × base, or a fixed amount) → amount rounding →
the part of the personal amount that goes to the personal account. Every figure is a ``Decimal``; every rate,
bound and rounding mode comes from the ``Policy`` / ``Item`` / ``InjuryRate`` / ``Grade`` rows.

``rate_table_load`` reads the configuration once (four queries); ``RateTable.compute`` then works in memory, so
assessing 100,000 persons costs the same queries as one. ``contribution_compute`` is the one-person shortcut.
"""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from django.utils.translation import gettext as _

from ..models import AmountRounding, BaseRounding, BaseSource, Grade, InjuryRate, Item, Policy
from ..selectors import policy_in_force

HUNDRED = Decimal(100)
ZERO = Decimal("0.00")
BASE_ROUNDING = {
    BaseRounding.NONE: None,
    BaseRounding.YUAN_HALF_UP: (Decimal(1), ROUND_HALF_UP),
    BaseRounding.YUAN_UP: (Decimal(1), ROUND_UP),
}
AMOUNT_ROUNDING = {
    AmountRounding.CENT_HALF_UP: (Decimal("0.01"), ROUND_HALF_UP),
    AmountRounding.JIAO_UP: (Decimal("0.1"), ROUND_UP),  # 见分进角: any cent raises to the next jiao
    AmountRounding.CENT_DOWN: (Decimal("0.01"), ROUND_DOWN),
}


class ContributionError(ValueError):
    """The configuration or the input cannot give an amount; the message says what is missing (Chinese)."""


def round_base(value: Decimal, mode: str) -> Decimal:
    rule = BASE_ROUNDING[mode]
    if rule is None:
        return value.quantize(Decimal("0.01"), ROUND_HALF_UP)  # a base is money: never more than cents
    return value.quantize(*rule).quantize(Decimal("0.01"))


def round_amount(value: Decimal, mode: str) -> Decimal:
    return value.quantize(*AMOUNT_ROUNDING[mode]).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class ItemLine:
    """One item of a breakdown."""

    item_id: int
    insurance_type: str
    name: str
    base_source: str
    base: Decimal | None
    unit_rate: Decimal | None
    personal_rate: Decimal | None
    unit_amount: Decimal
    personal_amount: Decimal
    account_amount: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_amount + self.personal_amount


@dataclass
class Breakdown:
    """A person's monthly amounts under one policy, item by item, with totals."""

    policy: Policy
    month: str
    category: str
    wage: Decimal | None = None
    grade_percent: Decimal | None = None
    clamped: str = ""  # "floor" / "ceiling" when the wage was raised or cut
    lines: list[ItemLine] = field(default_factory=list)

    @property
    def unit_total(self) -> Decimal:
        return sum((line.unit_amount for line in self.lines), ZERO)

    @property
    def personal_total(self) -> Decimal:
        return sum((line.personal_amount for line in self.lines), ZERO)

    @property
    def account_total(self) -> Decimal:
        return sum((line.account_amount for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return self.unit_total + self.personal_total

    def line(self, name: str) -> ItemLine:
        return next(line for line in self.lines if line.name == name)


class RateTable:
    """The configuration of one policy and person category, loaded once, computing in memory."""

    def __init__(self, *, policy: Policy, category: str, month: str, items: list[Item],
                 injury_rates: dict[int, Decimal], grades: list[Grade]):
        self.policy, self.category, self.month = policy, category, month
        self.items, self.injury_rates, self.grades = items, injury_rates, grades
        self.floor, self.ceiling = policy.floor, policy.ceiling
        self._lines_cache: dict[tuple, list[ItemLine]] = {}  # persons with the same inputs share their lines

    def items_for(self, insurance_types=None) -> list[Item]:
        if insurance_types is None:
            return self.items
        return [item for item in self.items if item.insurance_type in insurance_types]

    def clamp(self, wage: Decimal) -> tuple[Decimal, str]:
        if wage < self.floor:
            return self.floor, "floor"
        if wage > self.ceiling:
            return self.ceiling, "ceiling"
        return wage, ""

    def compute(self, *, insurance_types=None, wage: Decimal | None = None, grade_percent: Decimal | None = None,
                injury_class: int | None = None) -> Breakdown:
        """The breakdown for the items of ``insurance_types`` (None: all). Raises ``ContributionError`` when an
        item needs a wage, a grade or an injury class that is not given or not configured."""
        result = Breakdown(self.policy, self.month, self.category, wage=wage, grade_percent=grade_percent)
        clamped_wage = None
        if wage is not None:
            clamped_wage, result.clamped = self.clamp(Decimal(wage))
        key = (None if insurance_types is None else tuple(insurance_types), clamped_wage, grade_percent,
               injury_class)
        lines = self._lines_cache.get(key)
        if lines is None:
            lines = [self._line(item, clamped_wage, grade_percent, injury_class)
                     for item in self.items_for(insurance_types)]
            self._lines_cache[key] = lines
        result.lines = list(lines)
        return result

    def _line(self, item: Item, wage, grade_percent, injury_class) -> ItemLine:
        unit_rate, personal_rate = item.unit_rate, item.personal_rate
        if item.unit_rate_by_injury_class:
            if injury_class not in self.injury_rates:
                raise ContributionError(_("“%(item)s”按工伤行业类别计费,但单位的行业类别%(cls)s未配置费率")
                                        % {"item": item.name, "cls": injury_class or _("(未登记)")})
            unit_rate = self.injury_rates[injury_class]
        if item.base_source == BaseSource.FIXED_AMOUNT:
            unit = round_amount(item.fixed_unit_amount or ZERO, item.amount_rounding)
            personal = round_amount(item.fixed_personal_amount or ZERO, item.amount_rounding)
            account = round_amount(personal * item.account_percent / HUNDRED, item.amount_rounding)
            return ItemLine(item.pk, item.insurance_type, item.name, item.base_source, None, None, None,
                            unit, personal, account)
        base = round_base(self._raw_base(item, wage, grade_percent), item.base_rounding)
        unit = round_amount(base * unit_rate / HUNDRED, item.amount_rounding)
        personal = round_amount(base * personal_rate / HUNDRED, item.amount_rounding)
        account = round_amount(personal * item.account_percent / HUNDRED, item.amount_rounding)
        return ItemLine(item.pk, item.insurance_type, item.name, item.base_source, base, unit_rate, personal_rate,
                        unit, personal, account)

    def _raw_base(self, item: Item, wage, grade_percent) -> Decimal:
        if item.base_source == BaseSource.FIXED_BASE:
            return item.fixed_base
        if item.base_source == BaseSource.GRADE:
            if grade_percent is None:
                raise ContributionError(_("“%(item)s”按缴费档次计费,请选择缴费档次") % {"item": item.name})
            return self.policy.average_wage * Decimal(grade_percent) / HUNDRED
        if wage is None:
            raise ContributionError(_("“%(item)s”按缴费工资计费,但没有缴费工资") % {"item": item.name})
        return wage


def rate_table_load(*, region, month, category: str, policy: Policy | None = None) -> RateTable:
    """Load the configuration in force for ``region`` / ``month`` / ``category`` (or of ``policy``)."""
    month = str(month)
    if policy is None:
        policy = policy_in_force(region=region, month=month)
    if policy is None:
        raise ContributionError(_("%(region)s在%(month)s没有配置缴费政策") % {"region": region, "month": month})
    items = list(Item.objects.filter(policy=policy, category=category))
    rates = dict(InjuryRate.objects.filter(policy=policy).values_list("industry_class", "rate"))
    grades = list(Grade.objects.filter(policy=policy))
    return RateTable(policy=policy, category=category, month=month, items=items, injury_rates=rates, grades=grades)


def contribution_compute(*, region, month, category: str, insurance_types=None, wage=None, grade=None,
                         injury_class: int | None = None) -> Breakdown:
    """One person's monthly amounts. ``grade`` is a ``Grade`` or a percentage of the average wage."""
    table = rate_table_load(region=region, month=month, category=category)
    percent = grade.percent if isinstance(grade, Grade) else grade
    return table.compute(insurance_types=insurance_types, wage=None if wage is None else Decimal(wage),
                         grade_percent=None if percent is None else Decimal(percent), injury_class=injury_class)
