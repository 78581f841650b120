"""`make run` runs with DEBUG off, and every error a user can meet is the portal's own Chinese page."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def make_run_environment() -> dict[str, str]:
    """The variables the Makefile's ``run`` target exports (``run: export NAME = value``)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return dict(re.findall(r"^run: export (\w+) = (\S+)$", text, flags=re.M))


def test_make_run_turns_debug_off_and_demo_mode_on():
    exported = make_run_environment()
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEMO_MODE", "SECRET_KEY")}
    env.update(exported, DJANGO_SETTINGS_MODULE="siportal.settings.base")
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.DEMO_MODE)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True"]


@pytest.fixture
def make_run_settings(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = True
    return settings


def test_404_is_the_chinese_page(client, make_run_settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面或业务不存在" in page and "返回首页" in page
    assert "URLconf" not in page and "Page not found" not in page


def test_403_is_the_chinese_page_with_the_reason(client, make_run_settings, district):
    client.force_login(factories.individual())
    response = client.get(reverse("unit:home"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问此页面" in page and "此页面属于单位网厅" in page


def test_400_is_the_chinese_page(client, make_run_settings):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "请求有误" in page and "Bad Request" not in page


def test_expired_form_gets_the_chinese_csrf_page(make_run_settings):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page and "刷新页面后重新填写" in page
    assert "CSRF verification failed" not in page


@pytest.mark.urls("tests.core.error_urls")
def test_500_is_the_chinese_page(client, make_run_settings):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统繁忙" in page and "Traceback" not in page


def test_favicon_is_served(client, make_run_settings):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:4] == \
        b"\x00\x00\x01\x00"
