"""The demo SMS outbox shows a message that arrives after the page was opened, without a manual refresh."""

import pytest

from siportal.core.models import SmsMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_late_sms_appears_by_itself(new_page, settings):
    settings.DEMO_MODE = True
    page = new_page()
    page.goto("/demo/sms/")
    assert page.locator("text=暂无短信。").is_visible()
    SmsMessage.objects.create(mobile="13800000009", text="【社保网厅】您的注册验证码为654321")
    page.locator("text=654321").wait_for(state="visible")  # no reload: the page fetched the new rows itself
    assert page.locator("text=13800000009").is_visible()
