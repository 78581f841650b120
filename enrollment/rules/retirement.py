"""The statutory retirement age (法定退休年龄) and the pension enrolment it closes; the ages are configuration
(``settings.RETIREMENT_AGES``, ``settings.RETIREMENT_AGE_INSURANCE_TYPES``), computed here only."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siportal.core.codes import InsuranceType
from siportal.core.templatetags.portal import month as month_text
from siportal.core.validators import month_add, month_of

Errors = list[tuple[str, str]]
MALE, FEMALE_CADRE, FEMALE_WORKER = "male", "female_cadre", "female_worker"
CATEGORY_LABELS = {MALE: gettext_lazy("男"), FEMALE_CADRE: gettext_lazy("女干部"), FEMALE_WORKER: gettext_lazy("女工人")}


@dataclass(frozen=True)
class RetirementAge:
    category: str
    years: int
    months: int  # the delay of the 2025 reform, 0 … max_months
    month: str  # "yyyyMM": the month the person reaches it

    def label(self) -> str:
        """``男60周岁``, ``女工人50周岁2个月``."""
        text = _("%(who)s%(years)d周岁") % {"who": CATEGORY_LABELS[self.category], "years": self.years}
        return text + (_("%(n)d个月") % {"n": self.months} if self.months else "")


def retirement_category(sex: str, category: str = "") -> str | None:
    """The category of ``RETIREMENT_AGES`` for a sex ("1" 男, "2" 女). The registry does not record whether a
    woman holds a cadre (干部) or a worker (工人) post, so a woman counts as 工人 unless ``category`` says so."""
    if sex == "1":
        return MALE
    if sex == "2":
        return FEMALE_CADRE if category == FEMALE_CADRE else FEMALE_WORKER
    return None


def retirement_age(*, sex: str, birth_date: date, category: str = "") -> RetirementAge | None:
    """The statutory retirement age of a person and the month they reach it; None if the sex is unknown.

    Before the reform the age is ``base_years``. A person whose original retirement month is ``start`` or later
    retires ``n // step_months + 1`` months later (n = months from ``start`` to the original month), at most
    ``max_months`` later: men born 1965-01…04 at 60 years 1 month, 1965-05…08 at 60 years 2 months.
    """
    key = retirement_category(sex, category)
    if key is None or birth_date is None:
        return None
    rule = settings.RETIREMENT_AGES[key]
    original = month_add(month_of(birth_date), rule["base_years"] * 12)
    start = rule["start"]
    late = _months_between(start, original)
    delay = 0 if late < 0 else min(late // rule["step_months"] + 1, rule["max_months"])
    years, months = rule["base_years"] + delay // 12, delay % 12
    return RetirementAge(category=key, years=years, months=months, month=month_add(original, delay))


def _months_between(first: str, second: str) -> int:
    return (int(second[:4]) - int(first[:4])) * 12 + int(second[4:]) - int(first[4:])


def retirement_errors(*, sex: str, birth_date: date | None, insurance_types: Collection[str], start_month: str,
                      category: str = "") -> Errors:
    """Refuse the pension types of ``settings.RETIREMENT_AGE_INSURANCE_TYPES`` from a start month at or after the
    month the person reaches the statutory retirement age; other types are not concerned."""
    pensions = [t for t in insurance_types if t in settings.RETIREMENT_AGE_INSURANCE_TYPES]
    if not (pensions and birth_date and start_month):
        return []
    age = retirement_age(sex=sex, birth_date=birth_date, category=category)
    if age is None or start_month < age.month:
        return []
    labels = "、".join(str(InsuranceType(t).label) for t in pensions)
    return [("insurance_types", _("该人员已达法定退休年龄(%(age)s,%(month)s达到),不能参加%(types)s。")
             % {"age": age.label(), "month": month_text(age.month), "types": labels})]
