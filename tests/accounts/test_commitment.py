"""承诺书: the filled-in template PDF, uploads checked by content and size, and the gate before upload."""

import pytest
from django.urls import reverse

from accounts.models import CommitmentLetter
from siportal.core.models import AuditEvent

from .conftest import JPG, PDF, PNG, upload

pytestmark = pytest.mark.django_db

URL = "unit:commitment"


@pytest.fixture
def bound_client(client, bound_unit):
    client.force_login(bound_unit.master)
    return client


def post_file(client, name, content):
    return client.post(reverse(URL), {"file": upload(name, content)})


def test_template_pdf_downloads(bound_client):
    response = bound_client.get(reverse("unit:commitment_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_page_opens(bound_client):
    assert bound_client.get(reverse(URL)).status_code == 200


@pytest.mark.parametrize("name, content, extension", [("scan.png", PNG, "png"), ("盖章.pdf", PDF, "pdf"),
                                                      ("photo.JPG", JPG, "jpg"), ("no-extension", PNG, "png")])
def test_good_scans_are_accepted(bound_client, bound_unit, name, content, extension):
    response = post_file(bound_client, name, content)
    assert response.status_code == 302
    letter = CommitmentLetter.objects.get(unit=bound_unit)
    assert letter.extension == extension and letter.size == len(content)
    assert letter.uploaded_by == bound_unit.master
    assert letter.file.read() == content
    assert AuditEvent.objects.filter(action="commitment.uploaded", object_id=str(letter.pk)).exists()
    page = bound_client.get(reverse(URL)).content.decode()
    assert bound_unit.master.name in page
    download = bound_client.get(reverse("unit:commitment_file", args=[letter.pk]))
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize("name, content, message", [
    ("scan.pdf", b"just some text, renamed", "它是文本文件"),
    ("scan.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "它是可执行程序"),
    ("scan.jpg", b"\x00\x01\x02\x03\xfe\xfa\x99\x98", "无法识别其格式"),
    ("scan.pdf", b"", "是空文件"),
])
def test_bad_files_are_refused_with_the_reason(bound_client, bound_unit, name, content, message):
    response = post_file(bound_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CommitmentLetter.objects.exists()


def test_too_large_is_refused(bound_client, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = post_file(bound_client, "big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    assert "超过了" in response.content.decode()
    assert not CommitmentLetter.objects.exists()


@pytest.mark.parametrize("url", ["unit:home", "unit:agents", "unit:todo"])
def test_before_upload_business_pages_lead_to_commitment(bound_client, url):
    response = bound_client.get(reverse(url))
    assert response.status_code == 302
    assert response.url == reverse(URL)


def test_an_agent_may_upload(client, bound_unit):
    from tests import factories

    client.force_login(factories.agent(bound_unit))
    assert post_file(client, "scan.png", PNG).status_code == 302
    assert client.get(reverse("unit:todo")).status_code == 200


def test_another_units_letter_is_404(master_client, foreign_unit):
    letter = foreign_unit.commitment_letters.get()
    assert master_client.get(reverse("unit:commitment_file", args=[letter.pk])).status_code == 404
