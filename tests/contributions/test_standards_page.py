"""历年缴费标准查询: a public page showing exactly what the configuration computes."""

import re
from decimal import Decimal as D

import pytest

from contributions.services.compute import contribution_compute

from . import factories as f

pytestmark = pytest.mark.django_db


def grade_totals(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-grade="([\d.]+)">.*?data-field="total">([\d,.]+)<', html, re.S))


def test_anyone_sees_the_chengdu_2014_grades_as_computed(client, city, district):
    f.chengdu_2014(city)
    response = client.get("/standards/", {"region": district.code, "year": "2014"})  # inherited from the city
    assert response.status_code == 200
    html = response.content.decode()
    totals = grade_totals(html)
    assert totals == {"40": "548.57", "60": "692.37", "80": "835.97", "100": "979.77"}
    for percent, shown in totals.items():
        computed = contribution_compute(region=district, month="201401", category="flexible", grade=D(percent))
        assert D(shown) == computed.total
    for text in ("287.40", "718.60", "216.58", "25.48", "19.11", "基本医疗保险", "大病互助", "3,593.00",
                 "固定基数 2,548.00 元", "201401–201412"):
        assert text in html


def test_page_shows_bounds_rates_and_both_periods_of_a_year(client, city):
    first = f.policy(city, "202401", average_wage=D("6000"), name="2024年上半年标准")
    f.employee_items(first)
    second = f.policy(city, "202407", average_wage=D("7000"), name="2024年下半年标准")
    f.item(second, "养老保险", "110", unit_rate=D("14"), personal_rate=D("8"))
    html = client.get("/standards/", {"region": city.code, "year": "2024"}).content.decode()
    assert "202401–202406" in html and "202407–202412" in html
    assert "3,600.00" in html and "18,000.00" in html  # 60 % and 300 % of 6,000
    assert "4,200.00" in html and "21,000.00" in html  # of 7,000
    assert "按行业类别" in html and "1.9%" in html and "欠缴金额的0.05%" in html
    assert html.index("2024年上半年标准") < html.index("2024年下半年标准")


def test_first_visit_and_bad_input(client, city):
    assert client.get("/standards/").status_code == 200
    response = client.get("/standards/", {"region": city.code, "year": "20x4"})
    assert response.status_code == 200 and "年度应为四位数字" in response.content.decode()
    response = client.get("/standards/", {"region": "123", "year": "2024"})
    assert "所选统筹区不存在" in response.content.decode()
    html = client.get("/standards/", {"region": city.code, "year": "1995"}).content.decode()
    assert "没有公布的缴费标准" in html


def test_home_page_links_to_the_standards(client, city):
    assert 'href="/standards/"' in client.get("/").content.decode()


def test_demo_data_gives_the_standards_page_a_policy(client, settings):
    from accounts.demo import demo_load

    settings.DEMO_MODE = True
    demo_load()
    demo_load()  # idempotent
    html = client.get("/standards/", {"region": "990101", "year": "2025"}).content.decode()
    assert "示范市2025年上半年缴费标准" in html and "示范市2025年7月起缴费标准" in html
    assert len(grade_totals(html)) == 5
