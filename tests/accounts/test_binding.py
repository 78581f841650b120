"""业务绑定: right and wrong credentials, another unit's, used and expired ones; the gates before binding."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone

from accounts.models import BindingCredential
from siportal.core.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

BIND = "unit:bind"


@pytest.fixture
def unbound_client(client, unbound_unit):
    client.force_login(unbound_unit.master)
    return client


def bind(client, username, password):
    return client.post(reverse(BIND), {"username": username, "password": password})


def test_right_credential_binds_once(unbound_client, unbound_unit, issue):
    credential, password = issue(unbound_unit)
    response = bind(unbound_client, credential.username.lower(), password)
    assert response.status_code == 302
    assert response.url == reverse("unit:commitment")
    unbound_unit.refresh_from_db()
    credential.refresh_from_db()
    assert unbound_unit.is_bound and credential.used_at is not None
    assert AuditEvent.objects.filter(action="unit.bound", object_id=str(unbound_unit.pk)).exists()
    page = unbound_client.get(reverse(BIND)).content.decode()
    assert "已绑定" in page and credential.username in page


def test_wrong_password(unbound_client, unbound_unit, issue):
    credential, _ = issue(unbound_unit)
    response = bind(unbound_client, credential.username, "Wrong@pass1")
    assert "绑定用户名或绑定密码不正确" in response.content.decode()
    unbound_unit.refresh_from_db()
    assert not unbound_unit.is_bound


def test_five_wrong_passwords_lock_binding_for_a_while(unbound_client, unbound_unit, issue, settings):
    settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME = 5, 0.25
    credential, password = issue(unbound_unit)
    for left in (4, 3, 2, 1):
        assert f"还可尝试{left}次" in bind(unbound_client, credential.username, "Wrong@pass1").content.decode()
    assert "15分钟内已输错5次" in bind(unbound_client, credential.username, "Wrong@pass1").content.decode()
    page = bind(unbound_client, credential.username, password).content.decode()  # even the right one, for now
    assert "请稍后再试" in page
    unbound_unit.refresh_from_db()
    assert not unbound_unit.is_bound
    assert AuditEvent.objects.filter(action="unit.bind_failed", object_id=str(unbound_unit.pk)).count() == 5

    AuditEvent.objects.filter(action="unit.bind_failed").update(at=timezone.now() - timedelta(minutes=16))
    assert bind(unbound_client, credential.username, password).status_code == 302
    unbound_unit.refresh_from_db()
    assert unbound_unit.is_bound


def test_another_units_wrong_passwords_do_not_count(unbound_client, unbound_unit, other_district, issue):
    other = factories.unit(region=other_district, bound=False, commitment=False)
    other_credential, _ = issue(other)
    client = unbound_client.__class__()
    client.force_login(other.master)
    for _attempt in range(5):
        bind(client, other_credential.username, "Wrong@pass1")
    credential, password = issue(unbound_unit)
    assert bind(unbound_client, credential.username, password).status_code == 302


def test_unknown_username(unbound_client):
    assert "绑定用户名或绑定密码不正确" in bind(unbound_client, "BD00000000", "x").content.decode()


def test_another_units_credential(unbound_client, unbound_unit, other_district, issue):
    other = factories.unit(region=other_district, bound=False, commitment=False)
    credential, password = issue(other)
    response = bind(unbound_client, credential.username, password)
    assert "该绑定信息不属于本单位" in response.content.decode()
    credential.refresh_from_db()
    assert credential.used_at is None


def test_used_credential(unbound_client, unbound_unit, issue):
    credential, password = issue(unbound_unit)
    BindingCredential.objects.filter(pk=credential.pk).update(used_at=timezone.now())
    assert "已使用过" in bind(unbound_client, credential.username, password).content.decode()


def test_expired_credential(unbound_client, unbound_unit, issue):
    credential, password = issue(unbound_unit)
    BindingCredential.objects.filter(pk=credential.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert "已过期" in bind(unbound_client, credential.username, password).content.decode()


def test_reissue_revokes_the_earlier_credential(unbound_client, unbound_unit, issue):
    first, first_password = issue(unbound_unit)
    issue(unbound_unit)
    assert "已作废" in bind(unbound_client, first.username, first_password).content.decode()


def test_credential_is_stored_hashed(unbound_unit, issue):
    credential, password = issue(unbound_unit)
    assert credential.username.startswith("BD") and len(credential.username) == 10
    assert password not in credential.password_hash
    assert check_password(password, credential.password_hash)
    assert len(password) == 10
    assert AuditEvent.objects.filter(action="credential.issued", detail=credential.username).exists()


def test_an_agent_cannot_bind(client, unbound_unit, issue):
    agent = factories.agent(unbound_unit)
    client.force_login(agent)
    assert client.get(reverse(BIND)).status_code == 403


@pytest.mark.parametrize("url", ["unit:commitment", "unit:agents", "unit:home"])
def test_before_binding_every_unit_hall_page_leads_to_binding(unbound_client, url):
    response = unbound_client.get(reverse(url))
    assert response.status_code == 302
    assert response.url == reverse(BIND)


def test_binding_page_itself_opens_before_binding(unbound_client):
    assert unbound_client.get(reverse(BIND)).status_code == 200


def test_a_bound_unit_sees_its_binding_state(master_client, unit):
    page = master_client.get(reverse(BIND)).content.decode()
    assert "已绑定" in page and unit.uscc in page
