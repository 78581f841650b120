"""Every demo login the README lists works as written, through the real login form, and lands in its hall."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD, demo_load

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_accounts() -> list[tuple[str, str]]:
    """(login, hall path) for every login in backticks in the first column of the demo table."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| demo login |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        login_cell, _role, where = [cell.strip() for cell in line.strip("|").split("|")]
        path = re.search(r"`(/[^`]*)`", where).group(1)
        rows += [(login, path) for login in re.findall(r"`([^`]+)`", login_cell)]
    return rows


def test_the_readme_states_the_demo_password():
    assert f"demo password `{DEMO_PASSWORD}`" in README.read_text(encoding="utf-8")


def test_the_table_lists_every_demo_account(settings):
    settings.DEMO_MODE = True
    logins = {login for login, _path in readme_accounts()}
    for account in demo_load():
        assert account.login in logins, account.role
        if account.mobile:
            assert account.mobile in logins, account.role


@pytest.mark.parametrize("login, path", readme_accounts())
def test_each_readme_login_works(settings, login, path):
    settings.DEMO_MODE = True
    demo_load()
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": login, "password": DEMO_PASSWORD},
                           follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated, login
    assert response.redirect_chain and response.redirect_chain[-1][0].startswith(path), response.redirect_chain
