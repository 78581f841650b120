"""Fixtures of the accounts tests: units at each stage before business, scans to upload, SMS delivered eagerly."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.services import credential_issue
from siportal.celery import app as celery_app
from siportal.core.sms import MemoryBackend
from tests import factories

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def sms(django_capture_on_commit_callbacks, settings):
    """Run SMS tasks in-process when the transaction commits; ``sms.texts(mobile)`` reads the texts as the
    phone receives them (secrets included), delivered through the in-memory SMS backend.

    Only the Celery app's own flag is switched, and switched back: Celery reads Django settings once per process,
    so changing ``settings.CELERY_TASK_ALWAYS_EAGER`` here would make every later test's tasks eager too.
    """
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    settings.SMS_BACKEND = "siportal.core.sms.MemoryBackend"
    MemoryBackend.outbox.clear()

    class Outbox:
        capture = staticmethod(lambda: django_capture_on_commit_callbacks(execute=True))

        @staticmethod
        def texts(mobile=None):
            return [text for to, text in MemoryBackend.outbox if mobile is None or to == mobile]

    yield Outbox()
    MemoryBackend.outbox.clear()
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def unbound_unit(district):
    """A freshly registered unit: not bound, no commitment letter."""
    return factories.unit(region=district, bound=False, commitment=False)


@pytest.fixture
def bound_unit(district):
    """Bound, but the commitment letter is not uploaded yet."""
    return factories.unit(region=district, bound=True, commitment=False)


@pytest.fixture
def master_client(client, unit):
    client.force_login(unit.master)
    return client


@pytest.fixture
def staff_admin(db):
    return factories.user(kind="staff", is_staff=True, is_superuser=True, username="centre_admin")


@pytest.fixture
def issue():
    """Issue a binding credential for a unit; returns (credential, plaintext password)."""

    def make(unit, by=None):
        return credential_issue(unit=unit, by=by)

    return make


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def link_in(text: str) -> str:
    """The path of the set-password link in an SMS text."""
    match = re.search(r"(?:https?://[^/\s]+)?(/accounts/password/set/\S+/)", text)
    assert match, text
    return match.group(1)


def set_password_by_link(client, text: str, password: str):
    """Open the SMS link as the agent would, and set ``password``; returns the final response."""
    form_page = client.get(link_in(text), follow=True)
    assert form_page.status_code == 200
    return client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link_in(text),
                       {"new_password1": password, "new_password2": password})
