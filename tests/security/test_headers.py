"""Security headers on hall and admin pages, no inline script in any template, and a clean ``check --deploy``."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests import factories

BASE_DIR = Path(settings.BASE_DIR)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
NOT_CODE_TYPES = re.compile(r"""type\s*=\s*["']?application/(ld\+)?json""", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def _assert_strict_policy(response):
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_hall_page_sends_the_content_security_policy(agent_client):
    response = agent_client.get(reverse("unit:home"))
    assert response.status_code == 200
    _assert_strict_policy(response)


@pytest.mark.django_db
def test_admin_sends_the_content_security_policy(client, district):
    client.force_login(factories.reviewer(district))
    response = client.get(reverse("admin:reviews_submission_changelist"))
    assert response.status_code == 200
    _assert_strict_policy(response)


def _templates():
    return sorted(BASE_DIR.glob("templates/**/*.html")) + sorted(BASE_DIR.glob("*/templates/**/*.html"))


def test_no_template_has_an_inline_event_handler_or_an_inline_script():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        if INLINE_HANDLER.search(text):
            offenders.append(f"{path.relative_to(BASE_DIR)}: inline on…= handler")
        for tag in SCRIPT_TAG.findall(text):
            if "src=" not in tag and not NOT_CODE_TYPES.search(tag):
                offenders.append(f"{path.relative_to(BASE_DIR)}: inline <script>")
        if "javascript:" in text:
            offenders.append(f"{path.relative_to(BASE_DIR)}: javascript: URL")
    assert _templates() and not offenders


def _manage(*args, **env):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak in: the deploy check rightly refuses it.
    skipped = ("SECURE_", "DEBUG", "DEMO_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(skipped)}
    environment.update(DJANGO_SETTINGS_MODULE="siportal.settings.production", SECRET_KEY=secrets.token_urlsafe(60),
                       ALLOWED_HOSTS="si.example.gov.cn", **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_with_production_settings_gives_no_warning():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_https_on_and_read_the_proxy_header_from_the_environment():
    result = _manage("diffsettings", SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for line in ["SECURE_SSL_REDIRECT = True", "SECURE_HSTS_SECONDS = 31536000", "SESSION_COOKIE_SECURE = True",
                 "CSRF_COOKIE_SECURE = True", "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')"]:
        assert line in out


def test_base_settings_need_no_https_for_the_demo():
    assert not settings.SECURE_SSL_REDIRECT and settings.SECURE_HSTS_SECONDS == 0
    assert settings.SECURE_PROXY_SSL_HEADER is None
