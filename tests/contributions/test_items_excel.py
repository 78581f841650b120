"""Centre staff export a policy's items to Excel and load them back (through the shared Excel engine)."""

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from contributions.models import AssessmentRun
from tests import factories

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    return client


def _export(admin_client, policy):
    response = admin_client.get(f"/admin/contributions/policy/{policy.pk}/items.xlsx")
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _upload(admin_client, policy, workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("items.xlsx", buffer.getvalue())
    return admin_client.post(f"/admin/contributions/policy/{policy.pk}/items/load/", {"file": upload})


def test_export_then_load_back_changes_rates(admin_client, city):
    policy = f.chengdu_2014(city)
    book = _export(admin_client, policy)
    sheet = book["缴费项目"]
    header = [str(c.value).lstrip("*") for c in sheet[1]]
    assert sheet.max_row == 5  # header + 4 items
    names = {sheet.cell(r, header.index("项目名称") + 1).value: r for r in range(2, 6)}
    sheet.cell(names["大病互助"], header.index("个人费率(%)") + 1).value = "1.5"
    sheet.delete_rows(names["生育保险"])
    response = _upload(admin_client, policy, book)
    assert response.status_code == 302
    items = {i.name: i for i in policy.items.all()}
    assert set(items) == {"养老保险", "基本医疗保险", "大病互助"}
    assert items["大病互助"].personal_rate == D("1.5")
    assert items["养老保险"].base_rounding == "yuan_half_up" and items["养老保险"].account_percent == D("40")


def test_bad_rows_are_listed_and_nothing_changes(admin_client, city):
    policy = f.chengdu_2014(city)
    book = _export(admin_client, policy)
    sheet = book["缴费项目"]
    header = [str(c.value).lstrip("*") for c in sheet[1]]
    sheet.cell(2, header.index("金额舍入") + 1).value = "随便舍"
    sheet.cell(3, header.index("个人费率(%)") + 1).value = "八点五"
    sheet.cell(5, header.index("项目名称") + 1).value = sheet.cell(4, header.index("项目名称") + 1).value
    sheet.cell(5, header.index("险种") + 1).value = sheet.cell(4, header.index("险种") + 1).value
    page = _upload(admin_client, policy, book).content.decode()
    assert "第2行“金额舍入”" in page and "第3行“个人费率(%)”" in page and "第5行:与第4行" in page
    assert policy.items.count() == 4 and policy.items.get(name="生育保险").personal_rate == D("0.75")


def test_policy_already_assessed_is_refused(admin_client, city, unit):
    policy = f.chengdu_2014(city)
    book = _export(admin_client, policy)
    AssessmentRun.objects.create(unit=unit, fee_month=201401, policy=policy)
    page = _upload(admin_client, policy, book).content.decode()
    assert "已用于应收核定" in page


def test_change_page_offers_export_and_load(admin_client, city):
    policy = f.policy(city)
    page = admin_client.get(f"/admin/contributions/policy/{policy.pk}/change/").content.decode()
    assert "导出缴费项目Excel" in page and "从Excel导入缴费项目" in page
