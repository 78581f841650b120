"""The landing page lists only businesses that exist: read from the kind registry and the hall links."""

import re

import pytest
from django.urls import reverse

from reviews import registry

pytestmark = pytest.mark.django_db


def catalogue_links(page: str) -> list[tuple[str, str]]:
    """(url, label) of every link in the halls' lists on the landing page."""
    blocks = re.findall(r"<dl[^>]*data-catalogue>(.*?)</dl>", page, flags=re.S)
    assert len(blocks) == 2  # unit hall, individual hall
    link = re.compile(r'<a [^>]*href="([^"]+)">([^<]+)</a>')
    return [(url, label) for block in blocks for url, label in link.findall(block)]


@pytest.fixture
def person_kind():
    kind = registry.register(registry.Kind(code="test_person_kind", label="测试个人业务", hall="person",
                                            apply=lambda submission: None))
    yield kind
    registry._KINDS.pop(kind.code, None)


def test_every_listed_item_opens_a_real_page(client):
    links = catalogue_links(client.get(reverse("home")).content.decode())
    assert {"单位参保登记", "职工新参保登记", "参保人员", "批量导入", "待办", "个人注册", "缴费基数申报"} <= {
        label for _u, label in links}
    login = reverse("accounts:login")
    for url, label in links:
        response = client.get(url)
        if response.status_code == 302:  # a hall page: the visitor is asked to log in, then sent there
            assert response.url.startswith(login) and "next=" in response.url, label
        else:
            assert response.status_code == 200, label


def test_businesses_that_do_not_exist_are_not_promised(client):
    page = client.get(reverse("home")).content.decode()
    for missing in ["缴费单打印", "暂停缴费", "档次变更", "欠费补缴", "缴费记录", "参保缴费证明"]:
        assert missing not in page


def test_a_newly_registered_kind_appears_by_itself(client, person_kind):
    links = catalogue_links(client.get(reverse("home")).content.decode())
    url = reverse("me:submission_new", kwargs={"kind": "test_person_kind"})
    assert (url, "测试个人业务") in links


def test_signed_in_users_go_to_their_hall(client, agent):
    client.force_login(agent)
    assert client.get(reverse("home")).url == reverse("unit:home")
