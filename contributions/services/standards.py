"""历年缴费标准: what the configuration says for a region and year, priced by the same compute service the
assessments use, so the public page shows exactly what a person is charged."""

from dataclasses import dataclass, field
from decimal import Decimal

from ..models import BaseSource, Grade, Item, PersonCategory
from ..selectors import PolicySpan, policies_of_year
from .compute import Breakdown, ContributionError, rate_table_load


@dataclass
class GradeRow:
    grade: Grade
    breakdown: Breakdown
    amounts: list[Decimal]  # per item, in the order of the category's items (unit + personal part)


@dataclass
class CategoryStandard:
    category: str
    label: str
    items: list[Item]
    grade_rows: list[GradeRow] = field(default_factory=list)


@dataclass
class PeriodStandard:
    span: PolicySpan
    categories: list[CategoryStandard]
    injury_rates: list[tuple[int, Decimal]]

    @property
    def policy(self):
        return self.span.policy


def standards_of_year(*, region, year: int) -> list[PeriodStandard]:
    """Per policy in force during ``year``: each person category's items and, where items are priced by grade,
    every grade's monthly amount per item and in total."""
    result = []
    for span in policies_of_year(region=region, year=year):
        categories = []
        for category, label in PersonCategory.choices:
            table = rate_table_load(region=region, month=span.first_month, category=category, policy=span.policy)
            if not table.items:
                continue
            standard = CategoryStandard(category, str(label), table.items)
            if any(item.base_source == BaseSource.GRADE for item in table.items):
                for grade in table.grades:
                    try:
                        breakdown = table.compute(grade_percent=grade.percent)
                        amounts = [line.total for line in breakdown.lines]
                        standard.grade_rows.append(GradeRow(grade, breakdown, amounts))
                    except ContributionError:  # e.g. a wage-based item beside the grades: no single amount
                        standard.grade_rows = []
                        break
            categories.append(standard)
        rates = sorted(table.injury_rates.items()) if categories else []
        result.append(PeriodStandard(span, categories, rates))
    return result
