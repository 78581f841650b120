"""A submission's lines on every page: counted, one page at a time, searchable, and exported whole to Excel."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reviews import draft_views
from reviews.services import submission_transition
from reviews.templatetags import workflow

from . import factories as ef

pytestmark = pytest.mark.django_db

NAMES = ["甲一", "乙二", "丙三"]


@pytest.fixture
def three(opened, agent, district_reviewer, monkeypatch):
    monkeypatch.setattr(draft_views, "LINES_PAGE_SIZE", 2)
    monkeypatch.setattr(workflow, "SUMMARY_PAGE_SIZE", 2)
    rows = [ef.join_row(name=name, id_number=ef.id_number("19900303")) for name in NAMES]
    return ef.enrol(agent, district_reviewer, rows, approve_it=False)


def test_the_draft_page_shows_the_count_and_one_page_of_lines(agent_client, three):
    url = reverse("unit:enrol_edit", args=[three.pk])
    first = agent_client.get(url).content.decode()
    assert "本业务共 3 人" in first and "甲一" in first and "乙二" in first and "丙三" not in first
    assert "劳动合同制 3" in first  # the count per kind of line (用工形式)
    second = agent_client.get(url, {"lines_page": 2}).content.decode()
    assert "丙三" in second and "甲一" not in second
    found = agent_client.get(url, {"lq": "丙三"}).content.decode()
    assert "丙三" in found and "甲一" not in found


def test_the_detail_and_review_pages_show_one_page_of_lines(agent_client, three, agent, district_reviewer,
                                                            client):
    detail = agent_client.get(reverse("unit:submission_detail", args=[three.pk])).content.decode()
    assert "共 3 人" in detail and "劳动合同制 3" in detail and "甲一" in detail and "丙三" not in detail
    submission_transition(submission_id=three.pk, action="submit", by=agent)
    client.force_login(district_reviewer)
    review = client.get(reverse("admin:reviews_submission_change", args=[three.pk]), {"lines_page": 2})
    page = review.content.decode()
    assert "共 3 人" in page and "丙三" in page and "甲一" not in page


def _sheet(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_every_line_is_exported_to_excel_masked(agent_client, three, agent, district_reviewer, client,
                                                foreign_agent):
    rows = _sheet(agent_client.get(reverse("unit:lines_export", args=[three.pk])))
    header, data = rows[0], rows[1:]
    assert len(data) == 3 and "姓名" in header
    assert sorted(row[header.index("姓名")] for row in data) == sorted(NAMES)
    ids = [row[header.index("证件号码")] for row in data]
    assert all("*" in value for value in ids)
    submission_transition(submission_id=three.pk, action="submit", by=agent)
    client.force_login(district_reviewer)
    assert len(_sheet(client.get(reverse("admin:reviews_submission_lines_export", args=[three.pk])))) == 4
    client.force_login(foreign_agent)
    assert client.get(reverse("unit:lines_export", args=[three.pk])).status_code == 404
