"""Centre admin: issuing a binding credential (shown once, one PDF download), unbinding, read-only registers."""

import pytest
from django.urls import reverse

from accounts.models import BindingCredential
from siportal.core.models import AuditEvent, SmsMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_admin):
    client.force_login(staff_admin)
    return client


def test_issue_credential_shows_it_once_and_allows_one_pdf(admin_client, unbound_unit):
    url = reverse("admin:accounts_unit_credential", args=[unbound_unit.pk])
    assert "确认生成" in admin_client.get(url).content.decode()
    response = admin_client.post(url)
    assert response.status_code == 200
    credential = BindingCredential.objects.get(unit=unbound_unit)
    password = response.context["password"]
    page = response.content.decode()
    assert credential.username in page and password in page
    assert "no-store" in response["Cache-Control"]

    sheet = reverse("admin:accounts_unit_binding_sheet", args=[credential.pk])
    pdf = admin_client.get(sheet)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    again = admin_client.get(sheet)
    assert again.status_code == 302  # the plaintext left the session with the first download


def test_the_list_action_leads_to_the_credential_page(admin_client, unbound_unit):
    response = admin_client.post(reverse("admin:accounts_unit_changelist"), {
        "action": "issue_credential_action", "_selected_action": [unbound_unit.pk]})
    assert response.status_code == 302
    assert response.url == reverse("admin:accounts_unit_credential", args=[unbound_unit.pk])


def test_unbind_asks_for_confirmation_then_unbinds(admin_client, unit):
    url = reverse("admin:accounts_unit_unbind", args=[unit.pk])
    assert "确认解除绑定" in admin_client.get(url).content.decode()
    unit.refresh_from_db()
    assert unit.is_bound
    admin_client.post(url)
    unit.refresh_from_db()
    assert not unit.is_bound
    assert AuditEvent.objects.filter(action="unit.unbound", object_id=str(unit.pk)).exists()


def test_a_reviewer_cannot_issue_credentials(client, district_reviewer, unbound_unit):
    client.force_login(district_reviewer)
    response = client.post(reverse("admin:accounts_unit_credential", args=[unbound_unit.pk]))
    assert response.status_code == 403
    assert not BindingCredential.objects.exists()


@pytest.mark.parametrize("model", ["accounts_region", "accounts_person", "accounts_user", "accounts_unit",
                                   "accounts_bindingcredential", "accounts_commitmentletter",
                                   "core_smsmessage", "core_auditevent"])
def test_admin_lists_open(admin_client, unit, agent, model):
    SmsMessage.objects.create(mobile="13800000000", text="测试")
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_audit_rows_cannot_be_changed_or_deleted(admin_client, unit):
    event = AuditEvent.objects.create(action="test.action")
    assert admin_client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_person_detail_is_audited(admin_client):
    from tests import factories

    person = factories.person()
    assert admin_client.get(reverse("admin:accounts_person_change", args=[person.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="person.viewed", object_id=str(person.pk)).exists()
    listing = admin_client.get(reverse("admin:accounts_person_changelist")).content.decode()
    assert person.id_number not in listing


def test_the_binding_password_is_not_kept_in_clear_in_the_session(admin_client, unbound_unit, monkeypatch):
    import json
    import time

    response = admin_client.post(reverse("admin:accounts_unit_credential", args=[unbound_unit.pk]))
    password = response.context["password"]
    assert password not in json.dumps(dict(admin_client.session.items()))
    # The sealed copy serves the one download only shortly after issuing.
    later = time.time() + 16 * 60
    monkeypatch.setattr("cryptography.fernet.time.time", lambda: later)
    credential = BindingCredential.objects.get(unit=unbound_unit)
    late = admin_client.get(reverse("admin:accounts_unit_binding_sheet", args=[credential.pk]))
    assert late.status_code == 302 and late.url == reverse("admin:accounts_unit_change", args=[unbound_unit.pk])
