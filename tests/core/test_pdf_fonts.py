"""PDFs print Chinese with the font shipped as a Python dependency, not whatever the machine happens to have."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import BindingCredential
from tests import factories

pytestmark = pytest.mark.django_db


def pdf_text_and_fonts(content: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return text.replace(" ", "").replace("\n", ""), fonts


def test_commitment_letter_prints_chinese_in_the_packaged_font(client, district):
    unit = factories.unit(region=district, name="示范科技有限公司", bound=True, commitment=False)
    client.force_login(unit.master)
    response = client.get(reverse("unit:commitment_template"))
    text, fonts = pdf_text_and_fonts(response.content)
    assert "社会保险网上经办业务承诺书" in text
    assert "示范科技有限公司" in text
    assert unit.uscc in text
    assert any("SIPortal-Noto-Sans-SC" in font for font in fonts), fonts  # the packaged file


def test_binding_sheet_prints_chinese_in_the_packaged_font(client, district):
    unit = factories.unit(region=district, name="东城示范商贸有限公司", bound=False, commitment=False)
    client.force_login(factories.user(kind="staff", is_staff=True, is_superuser=True, username="centre_admin"))
    client.post(reverse("admin:accounts_unit_credential", args=[unit.pk]))
    credential = BindingCredential.objects.get(unit=unit)
    response = client.get(reverse("admin:accounts_unit_binding_sheet", args=[credential.pk]))
    text, fonts = pdf_text_and_fonts(response.content)
    assert "注册信息打印单" in text
    assert "东城示范商贸有限公司" in text
    assert credential.username in text
    assert any("SIPortal-Noto-Sans-SC" in font for font in fonts), fonts  # the packaged file
