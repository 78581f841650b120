"""单位应收核定 through the hall's doors: the form, the preview before submit, the reviewer's approval on the
admin review page, receivables written once however often it is approved or applied, paid lines left alone,
fee-month checks, VIP auto-approval, tenancy."""

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions.kinds import ASSESSMENT
from contributions.models import AssessmentLine, Receivable, WageBase
from contributions.services.assessment import assessment_preview
from reviews.models import AutoApprovalRule, Submission
from tests.enrollment import factories as ef

from .test_assessment import _add_staff

pytestmark = pytest.mark.django_db

NEW = reverse("unit:submission_new", kwargs={"kind": "unit_assessment"})


def yuan(value) -> str:
    return f"{D(value).quantize(D('0.01')):,}"


def month() -> int:
    return int(ef.this_month())


def form(fee_month=None, *, action="save", token="", **extra) -> dict:
    return {"fee_month": str(month() if fee_month is None else fee_month), "reason": "01", "note": "", action: "1",
            "client_token": token, **extra}


def detail(submission) -> str:
    return reverse("unit:submission_detail", kwargs={"pk": submission.pk})


def act(submission, action) -> str:
    return reverse("unit:submission_act", kwargs={"pk": submission.pk, "action": action})


def admin_act(submission, action) -> str:
    return reverse("admin:reviews_submission_act", args=[submission.pk, action])


def rows_of(page: str, person_id: int) -> str:
    return " ".join(re.findall(rf'<tr[^>]*data-person="{person_id}"[^>]*>(.*?)</tr>', page, flags=re.S))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def saved(agent_client, fee_month=None) -> tuple[Submission, str]:
    response = agent_client.post(NEW, form(fee_month), follow=True)
    assert response.status_code == 200
    return Submission.objects.filter(kind="unit_assessment").latest("id"), response.content.decode()


def receivables(unit, fee_month=None):
    return Receivable.objects.filter(unit=unit, fee_month=fee_month or month())


def test_start_page_opens_with_this_month(agent_client, staff_policy, opened):
    page = agent_client.get(NEW).content.decode()
    assert "单位应收核定" in page and "费款所属期" in page and "核定原因" in page
    assert f'value="{month()}"' in page and "正常核定" in page and "补核定" in page


def test_save_shows_the_preview_submit_approve_writes_the_receivables(agent_client, staff_policy, staff, opened,
                                                                     district_reviewer):
    submission, page = saved(agent_client)
    assert submission.state == "draft" and AssessmentLine.objects.get(submission=submission).fee_month == month()
    preview = assessment_preview(unit=opened, fee_month=month())
    assert len(preview.charged) == 2
    totals = text(re.search(r'<table class="table table-sm assessment-totals">.*?</table>', page, re.S)[0])
    assert f"2 0 {yuan(preview.unit_total)} {yuan(preview.personal_total)} {yuan(preview.total)}" in totals
    for charged in preview.charged:
        rows = text(rows_of(page, charged.person_id))
        assert charged.name in rows
        assert charged.id_number not in rows and charged.id_number[:6] + "********" in rows  # masked
        for line in charged.breakdown.lines:
            assert f"{line.name} {yuan(line.base)} {yuan(line.unit_amount)} {yuan(line.personal_amount)}" in rows
    assert "低于下限,按下限" in text(rows_of(page, staff[1].pk))  # 李四: 3,000 raised to the floor 3,600
    assert not receivables(opened).exists()

    response = agent_client.post(act(submission, "submit"), follow=True)
    assert "已提交" in response.content.decode()
    reviewer = Client()
    reviewer.force_login(district_reviewer)
    review_page = reviewer.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()
    assert str(month()) in review_page and "正常核定" in review_page
    assert yuan(preview.unit_total) in review_page and yuan(preview.personal_total) in review_page
    reviewer.post(admin_act(submission, "take"))
    response = reviewer.post(admin_act(submission, "approve"), follow=True)
    assert "审核通过成功" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "done"
    lines = receivables(opened)
    assert lines.count() == 10
    assert sum(r.unit_amount for r in lines) == preview.unit_total
    assert sum(r.personal_amount for r in lines) == preview.personal_total
    page = text(agent_client.get(detail(submission)).content.decode())
    assert "核定结果" in page and "10 条" in page and yuan(preview.unit_total) in page

    # approving again is refused by the workflow; applying again replaces, never doubles
    response = reviewer.post(admin_act(submission, "approve"), follow=True)
    assert "不能" in response.content.decode()
    ASSESSMENT.apply(submission)
    ASSESSMENT.apply(submission)
    assert receivables(opened).count() == 10


def test_applying_again_leaves_paid_lines_alone(agent, agent_client, staff_policy, staff, opened,
                                                district_reviewer):
    submission, _page = saved(agent_client)
    ef.approve(submission, agent, district_reviewer)
    paid = receivables(opened).get(person=staff[0], item__name="养老保险")
    Receivable.objects.filter(pk=paid.pk).update(status="paid")
    WageBase.objects.create(person=staff[0], unit=opened, effective_month=str(month()), wage=D("9000"))
    ASSESSMENT.apply(submission)
    ASSESSMENT.apply(submission)
    assert receivables(opened).count() == 10
    kept = receivables(opened).get(pk=paid.pk)
    assert (kept.status, kept.base, kept.unit_amount, kept.run_id) == ("paid", D("6500.00"), D("1040.00"), paid.run_id)
    assert receivables(opened).get(person=staff[0], item__name="医疗保险").base == D("9000.00")


def test_save_and_submit_before_seeing_the_preview_is_refused(agent_client, staff_policy, staff, opened):
    page = agent_client.post(NEW, form(action="submit")).content.decode()
    assert "请先点击“保存”,核对本月应收预览后再提交审批" in page
    assert not Submission.objects.filter(kind="unit_assessment").exists()
    submission, _page = saved(agent_client)
    edit = reverse("unit:submission_edit", kwargs={"pk": submission.pk})
    edit_page = agent_client.get(edit).content.decode()
    assert f'value="{month()}"' in edit_page
    response = agent_client.post(edit, form(action="submit"), follow=True)
    assert "已提交" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "submitted"


@pytest.mark.parametrize(("value", "message"), [
    ("shift:1", "晚于当前月份"),
    ("shift:-1", "早于单位参保年月"),  # the unit was opened this month
    ("2024x", "格式不正确,应为6位年月(如202405)"),
    ("202413", "月份应为01-12"),
    ("", "这个字段是必填项"),
])
def test_fee_month_is_checked_with_a_clear_message(agent_client, staff_policy, opened, value, message):
    if value.startswith("shift:"):
        value = ef.this_month(int(value.split(":")[1]))
    page = agent_client.post(NEW, form(value)).content.decode()
    assert message in page
    assert not AssessmentLine.objects.exists()


def test_a_month_without_rate_configuration_is_refused(agent_client, opened):
    page = agent_client.post(NEW, form()).content.decode()
    assert "没有配置缴费政策" in page and not AssessmentLine.objects.exists()


def test_reason_other_needs_a_note(agent_client, staff_policy, opened):
    page = agent_client.post(NEW, form(reason="99")).content.decode()
    assert "核定原因为“其他”时请在备注中说明原因" in page
    assert not AssessmentLine.objects.exists()


def test_a_month_already_in_review_is_not_applied_for_twice(agent_client, staff_policy, staff, opened):
    first, _page = saved(agent_client)
    agent_client.post(act(first, "submit"))
    page = agent_client.post(NEW, form(token="second")).content.decode()
    assert "正在审核中" in page and first.number in page


def test_submit_is_refused_when_nobody_is_charged(agent_client, staff_policy, opened):
    submission, page = saved(agent_client)
    assert "本月没有应缴费人员" in page
    response = agent_client.post(act(submission, "submit"), follow=True)
    assert "没有应缴费人员,无需核定" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "draft"


def test_excluded_persons_are_listed_with_the_reason(agent, agent_client, staff_policy, staff, opened,
                                                     district_reviewer):
    ef.stop(agent, district_reviewer, [staff[1]], month=ef.this_month())
    _submission, page = saved(agent_client)
    excluded = text(re.search(r'<table class="table table-sm assessment-excluded">.*?</table>', page, re.S)[0])
    assert "李四" in excluded and "已停保" in excluded
    assert "张三" not in excluded


def test_a_vip_unit_listing_the_kind_is_done_on_submit(agent_client, staff_policy, staff, opened, city_reviewer):
    opened.is_vip = True
    opened.save(update_fields=["is_vip"])
    AutoApprovalRule.objects.create(unit=opened, kinds=["unit_assessment"], granted_by=city_reviewer)
    submission, _page = saved(agent_client)
    response = agent_client.post(act(submission, "submit"), follow=True)
    assert "已提交并自动办结" in response.content.decode()
    assert receivables(opened).count() == 10


def test_the_preview_is_paged_and_its_queries_do_not_grow_with_staff(agent_client, staff_policy, staff, opened):
    submission, _page = saved(agent_client)

    def queries(**params):
        with CaptureQueriesContext(connection) as ctx:
            page = agent_client.get(detail(submission), params).content.decode()
        return len(ctx.captured_queries), page

    small, _page = queries()
    _add_staff(opened, 43, ef.this_month(-2))
    large, page = queries()
    assert large == small
    preview = assessment_preview(unit=opened, fee_month=month())
    assert "缴费人员明细(共 45 人)" in page and yuan(preview.total) in page
    assert len(set(re.findall(r'data-person="(\d+)"', page))) == 20
    assert "第 1 / 3 页,共 45 人" in page and "charged_page=2" in page
    last = queries(charged_page=3)[1]
    assert len(set(re.findall(r'data-person="(\d+)"', last))) == 5


def test_another_units_assessment_is_a_404(client, agent_client, staff_policy, staff, opened, foreign_agent,
                                           city_reviewer):
    submission, _page = saved(agent_client)
    ef.open_unit(foreign_agent, city_reviewer)
    client.force_login(foreign_agent)
    assert client.get(detail(submission)).status_code == 404
    assert client.get(reverse("unit:submission_edit", kwargs={"pk": submission.pk})).status_code == 404
    assert client.post(act(submission, "submit")).status_code == 404
    submission.refresh_from_db()
    assert submission.state == "draft"


def test_the_kind_is_on_the_menu_and_home_of_an_opened_unit(agent_client, staff_policy, opened):
    response = agent_client.get(reverse("unit:home"))
    labels = [str(item["label"]) for group in response.context["hall_menu"] for item in group["items"]]
    assert "单位应收核定" in labels and "应收查询" in labels and "单位应收核定查询" in labels
    assert NEW in response.content.decode()


def test_an_unopened_unit_is_not_offered_the_kind(agent_client):
    response = agent_client.get(reverse("unit:home"))
    labels = [str(item["label"]) for group in response.context["hall_menu"] for item in group["items"]]
    assert "单位应收核定" not in labels and "应收查询" not in labels


def test_approval_refused_with_a_message_when_the_rates_are_gone(agent_client, staff_policy, staff, opened,
                                                                 district_reviewer):
    submission, _page = saved(agent_client)
    agent_client.post(act(submission, "submit"))
    staff_policy.delete()
    reviewer = Client()
    reviewer.force_login(district_reviewer)
    reviewer.post(admin_act(submission, "take"))
    response = reviewer.post(admin_act(submission, "approve"), follow=True)
    assert response.status_code == 200 and "没有配置缴费政策" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "in_review" and not receivables(opened).exists()


def test_a_returned_assessment_shows_the_preview_again_and_is_resubmitted(agent_client, staff_policy, staff,
                                                                          opened, district_reviewer):
    submission, _page = saved(agent_client)
    agent_client.post(act(submission, "submit"))
    reviewer = Client()
    reviewer.force_login(district_reviewer)
    reviewer.post(admin_act(submission, "return"), {"reason": "请改为补核定"})
    page = agent_client.get(detail(submission)).content.decode()
    assert "请改为补核定" in page and "本月应收预览" in page
    edit = reverse("unit:submission_edit", kwargs={"pk": submission.pk})
    response = agent_client.post(edit, form(reason="02", action="submit"), follow=True)
    assert "已提交" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "submitted"
    assert AssessmentLine.objects.get(submission=submission).get_reason_display() == "补核定"


def test_the_draft_waits_in_todo_and_the_submitted_item_is_in_the_task_list(agent_client, staff_policy, staff,
                                                                             opened):
    submission, _page = saved(agent_client)
    todo = agent_client.get(reverse("unit:todo")).content.decode()
    assert submission.number in todo and "单位应收核定" in todo
    agent_client.post(act(submission, "submit"))
    listing = agent_client.get(reverse("unit:submissions"), {"kind": "unit_assessment"}).content.decode()
    assert submission.number in listing and "单位应收核定查询" in listing
    assert submission.number not in agent_client.get(reverse("unit:todo")).content.decode()
