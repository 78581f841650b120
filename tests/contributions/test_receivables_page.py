"""应收查询: the unit's receivables per fee month, person and item with totals; month-range and insurance-type
filters with clear messages; pages; masked IDs; the Excel export of the filtered rows; another unit's rows never
appear."""

import io
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Person
from contributions.models import Receivable
from contributions.services.assessment import assessment_run
from tests.enrollment import factories as ef

from .test_assessment import _add_staff

pytestmark = pytest.mark.django_db

PAGE = reverse("unit:receivables")
EXPORT = reverse("unit:receivables_export")


def yuan(value) -> str:
    return f"{D(value).quantize(D('0.01')):,}"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def sums(qs) -> tuple[D, D]:
    agg = qs.aggregate(unit=Sum("unit_amount"), personal=Sum("personal_amount"))
    return agg["unit"], agg["personal"]


def detail_rows(page: str) -> list[str]:
    table = re.search(r'<table class="[^"]*receivables-table">.*?<tbody>(.*?)</tbody>', page, re.S)[1]
    return [text(row) for row in re.findall(r"<tr data-person[^>]*>(.*?)</tr>", table, re.S)]


@pytest.fixture
def two_months(staff_policy, staff, opened):
    """Receivables of last month and this month (2 persons × 5 items each)."""
    last, this = int(ef.this_month(-1)), int(ef.this_month())
    assessment_run(unit=opened, fee_month=last)
    assessment_run(unit=opened, fee_month=this)
    return last, this


@pytest.fixture
def foreign_receivables(foreign_agent, city_reviewer, staff_policy):
    unit = ef.open_unit(foreign_agent, city_reviewer)
    ef.enrol(foreign_agent, city_reviewer, [ef.join_row(name="外单位职工", start_month=ef.this_month(-2))])
    assessment_run(unit=unit, fee_month=int(ef.this_month()))
    return unit


def test_every_month_person_and_item_with_totals(agent_client, two_months, staff, opened):
    response = agent_client.get(PAGE)
    assert response["Cache-Control"].startswith("no-store")
    page = response.content.decode()
    rows = detail_rows(page)
    assert len(rows) == 20
    assert rows[0].startswith(f" {two_months[1]} ")  # newest month first
    unit, personal = sums(Receivable.objects.filter(unit=opened))
    footer = text(re.search(r'<tr class="fw-semibold grand-total">(.*?)</tr>', page, re.S)[1])
    assert footer.split() == ["合计", "2", "20", yuan(unit), yuan(personal), yuan(unit + personal)]
    for fee_month in two_months:
        month_unit, month_personal = sums(Receivable.objects.filter(unit=opened, fee_month=fee_month))
        row = text(re.search(rf'<tr class="month-total" data-month="{fee_month}">(.*?)</tr>', page, re.S)[1])
        assert row.split()[1:] == ["2", "10", yuan(month_unit), yuan(month_personal),
                                   yuan(month_unit + month_personal)]
    pension = Receivable.objects.get(unit=opened, fee_month=two_months[1], person=staff[1], item__name="养老保险")
    masked = staff[1].id_number[:6] + "********" + staff[1].id_number[-4:]
    assert (f" {two_months[1]} 李四 {masked} 养老保险 3,600.00 {yuan(pension.unit_amount)} "
            f"{yuan(pension.personal_amount)} {yuan(pension.unit_amount + pension.personal_amount)} 未缴 ") in rows
    assert staff[1].id_number not in page


def test_filters_by_month_range_and_insurance_type(agent_client, two_months, opened):
    last, this = two_months
    page = agent_client.get(PAGE, {"month_from": this, "month_to": this}).content.decode()
    rows = detail_rows(page)
    assert len(rows) == 10 and all(row.startswith(f" {this} ") for row in rows)
    page = agent_client.get(PAGE, {"month_to": last, "insurance_type": "110"}).content.decode()
    rows = detail_rows(page)
    assert len(rows) == 2 and all(f" {last} " in row and "养老保险" in row for row in rows)
    unit, personal = sums(Receivable.objects.filter(unit=opened, fee_month=last, insurance_type="110"))
    footer = text(re.search(r'<tr class="fw-semibold grand-total">(.*?)</tr>', page, re.S)[1])
    assert footer.split() == ["合计", "2", "2", yuan(unit), yuan(personal), yuan(unit + personal)]


@pytest.mark.parametrize(("params", "message"), [
    ({"month_from": "2024x"}, "起始年月:年月&#x27;2024X&#x27;格式不正确,应为6位年月(如202405)"),
    ({"month_to": "202413"}, "截止年月:月份应为01-12"),
    ({"month_from": "202405", "month_to": "202401"}, "截止年月202401不能早于起始年月202405"),
    ({"insurance_type": "999"}, "所选险种不存在,请重新选择"),
])
def test_a_wrong_filter_says_what_is_wrong_and_shows_nothing(agent_client, two_months, params, message):
    response = agent_client.get(PAGE, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert detail_rows(page) == []
    export = agent_client.get(EXPORT, params)
    assert export.status_code == 302 and export.url.startswith(PAGE)


def test_pages_of_fifty_rows(agent_client, staff_policy, staff, opened):
    _add_staff(opened, 10, ef.this_month(-2))
    assessment_run(unit=opened, fee_month=int(ef.this_month()))
    first = agent_client.get(PAGE).content.decode()
    assert len(detail_rows(first)) == 50 and "第 1 / 2 页,共 60 条" in first
    second = agent_client.get(PAGE, {"page": 2}).content.decode()
    assert len(detail_rows(second)) == 10


def test_export_has_the_filtered_rows_and_the_totals(agent_client, two_months, staff, opened):
    last, this = two_months
    response = agent_client.get(EXPORT, {"month_from": this, "month_to": this})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book["应收明细"].iter_rows(values_only=True))
    assert rows[0][:9] == ("费款所属期", "姓名", "证件号码", "险种", "缴费项目", "缴费基数", "单位应缴", "个人应缴",
                           "应缴合计")
    body, total = rows[1:-1], rows[-1]
    assert len(body) == 10 and {r[0] for r in body} == {str(this)}
    lisi = next(r for r in body if r[1] == "李四" and r[4] == "养老保险")
    expected = Receivable.objects.get(unit=opened, fee_month=this, person=staff[1], item__name="养老保险")
    assert lisi[2] == staff[1].id_number[:6] + "********" + staff[1].id_number[-4:]
    assert (D(str(lisi[5])), D(str(lisi[6])), D(str(lisi[7]))) == (
        expected.base, expected.unit_amount, expected.personal_amount)
    unit, personal = sums(Receivable.objects.filter(unit=opened, fee_month=this))
    assert total[0] == "合计" and (D(str(total[6])), D(str(total[7])), D(str(total[8]))) == (
        unit, personal, unit + personal)
    assert sum(D(str(r[6])) for r in body) == unit
    for person in staff:
        assert all(person.id_number not in str(cell) for row in rows for cell in row)


def test_another_units_receivables_never_show(agent_client, client, two_months, foreign_receivables,
                                              foreign_agent, opened):
    stranger = Person.objects.get(name="外单位职工")
    page = agent_client.get(PAGE).content.decode()
    assert "外单位职工" not in page and len(detail_rows(page)) == 20
    book = load_workbook(io.BytesIO(b"".join(agent_client.get(EXPORT).streaming_content)), read_only=True)
    assert "外单位职工" not in {row[1] for row in book["应收明细"].iter_rows(values_only=True)}
    client.force_login(foreign_agent)
    foreign_page = client.get(PAGE).content.decode()
    assert len(detail_rows(foreign_page)) == 5 and "张三" not in foreign_page
    assert stranger.name in foreign_page


def test_the_page_needs_an_opened_unit_and_an_agent(client, agent_client, master):
    response = agent_client.get(PAGE)
    assert response.status_code == 302 and response.url == reverse("unit:home")
    client.force_login(master)
    assert client.get(PAGE).status_code == 403


def test_the_page_costs_the_same_queries_whatever_the_number_of_rows(agent_client, staff_policy, staff, opened):
    assessment_run(unit=opened, fee_month=int(ef.this_month()))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            agent_client.get(PAGE)
        return len(ctx.captured_queries)

    queries()  # the first page of a session may renew its expiry (at most once a minute)
    small = queries()
    _add_staff(opened, 30, ef.this_month(-2))
    assessment_run(unit=opened, fee_month=int(ef.this_month()))
    assert queries() == small
