"""缴费基数申报 through the hall's doors: wages entered on the draft page, the base after floor / ceiling and the
monthly cost change shown before submit (as ``rate_table_load`` computes them), the reviewer's approval on the
admin review page, ``WageBase`` rows written once however often applied, the next month's assessment using the new
bases, the checks of a line and of the set, undeclared staff listed, tenancy."""

import re
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from contributions.kinds import WAGES
from contributions.models import PersonCategory, WageBase, WageLine
from contributions.services.assessment import assessment_preview, assessment_run
from contributions.services.compute import rate_table_load
from reviews.models import Submission
from tests.enrollment import factories as ef

pytestmark = pytest.mark.django_db

NEW = reverse("unit:submission_new", kwargs={"kind": "wage_declaration"})


def yuan(value) -> str:
    return f"{D(value).quantize(D('0.01')):,}"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def row_of(page: str, person_id: int, table: str = "wage-lines") -> str:
    block = re.search(rf'<table class="[^"]*{table}[^"]*">.*?</table>', page, re.S)[0]
    return text(" ".join(re.findall(rf'<tr data-person="{person_id}"[^>]*>(.*?)</tr>', block, flags=re.S)))


def declare(agent_client, wages: dict, *, month=None, url=NEW, token="t1"):
    data = {"effective_month": month or ef.this_month(1), "client_token": token, "add": "1",
            "persons": [str(p.pk) for p in wages]}
    data |= {f"wage_{p.pk}": str(w) for p, w in wages.items()}
    return agent_client.post(url, data, follow=True)


def admin_act(submission, action) -> str:
    return reverse("admin:reviews_submission_act", args=[submission.pk, action])


def cost(table, person_types, wage):
    breakdown = table.compute(insurance_types=person_types, wage=D(wage), injury_class=1)
    return breakdown.unit_total, breakdown.personal_total


TYPES = ["110", "210", "310", "410", "510"]


def test_the_page_lists_paying_staff_with_their_last_declared_wage(agent_client, staff_policy, staff, opened):
    WageBase.objects.create(person=staff[0], unit=opened, effective_month=ef.this_month(-1), wage=D("7100"))
    page = agent_client.get(NEW).content.decode()
    assert "缴费基数申报" in page and "生效年月" in page and f'value="{ef.this_month(1)}"' in page
    assert "张三" in row_of(page, staff[0].pk, "wage-candidates") and "7,100.00" in row_of(
        page, staff[0].pk, "wage-candidates")
    assert "李四 " in row_of(page, staff[1].pk, "wage-candidates") and "—" in row_of(page, staff[1].pk,
                                                                                       "wage-candidates")


def test_declare_clamp_cost_submit_approve_apply_and_assess(agent_client, staff_policy, staff, opened,
                                                           district_reviewer):
    zhang, li = staff
    month = ef.this_month(1)
    response = declare(agent_client, {zhang: "30000", li: "2000"}, month=month)
    page = response.content.decode()
    assert "已申报2人的缴费工资" in page
    submission = Submission.objects.get(kind="wage_declaration")
    assert submission.state == "draft"
    new, now = (rate_table_load(region=opened.region, month=m, category=PersonCategory.EMPLOYEE)
                for m in (month, ef.this_month()))
    # 张三 30,000 is cut to the ceiling 18,000; 李四 2,000 is raised to the floor 3,600
    zhang_row, li_row = row_of(page, zhang.pk), row_of(page, li.pk)
    assert "30,000.00 18,000.00 按上限" in zhang_row and "2,000.00 3,600.00 按下限" in li_row
    changes = {}
    for person, wage, before in ((zhang, "30000", "6500"), (li, "2000", "3000")):
        unit_new, personal_new = cost(new, TYPES, wage)
        unit_old, personal_old = cost(now, TYPES, before)
        changes[person.pk] = (unit_new - unit_old, personal_new - personal_old)
        assert f"{yuan(unit_new - unit_old)} {yuan(personal_new - personal_old)}" in row_of(page, person.pk)
    assert changes[li.pk] == (D("0.00"), D("0.00"))  # 3,000 was already billed at the floor 3,600
    totals = text(re.search(r'<p class="small mb-2 wage-totals">.*?</p>', page, re.S)[0])
    assert yuan(D("21600")) in totals
    assert yuan(sum(c[0] for c in changes.values())) in totals and yuan(sum(c[1] for c in changes.values())) in totals
    # the declared persons leave the candidate list
    assert 'class="table table-sm align-middle wage-candidates"' in page and f'name="wage_{zhang.pk}"' not in page

    response = agent_client.post(reverse("unit:draft_submit", kwargs={"pk": submission.pk}), follow=True)
    assert "已提交" in response.content.decode()
    reviewer = Client()
    reviewer.force_login(district_reviewer)
    review_page = reviewer.get(reverse("admin:reviews_submission_change", args=[submission.pk])).content.decode()
    assert "18,000.00" in review_page and "未申报人员 0 人" in review_page
    reviewer.post(admin_act(submission, "take"))
    response = reviewer.post(admin_act(submission, "approve"), follow=True)
    assert "审核通过成功" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "done"
    bases = {b.person_id: (b.wage, b.effective_month) for b in WageBase.objects.filter(unit=opened)}
    assert bases == {zhang.pk: (D("30000.00"), month), li.pk: (D("2000.00"), month)}

    WAGES.apply(submission)
    WAGES.apply(submission)
    assert WageBase.objects.filter(unit=opened).count() == 2

    run = assessment_run(unit=opened, fee_month=int(month))
    preview = assessment_preview(unit=opened, fee_month=int(month))
    by_person = {c.person_id: c for c in preview.charged}
    assert by_person[zhang.pk].wage == D("30000.00") and by_person[li.pk].wage == D("2000.00")
    assert run.unit_total == cost(new, TYPES, "30000")[0] + cost(new, TYPES, "2000")[0]


@pytest.mark.parametrize(("wage", "message"), [
    ("abc", "缴费工资“abc”不是数字"), ("-5", "缴费工资应为大于0的金额"), ("0", "缴费工资应为大于0的金额"),
    ("12.345", "缴费工资最多两位小数"),
])
def test_a_wage_that_is_not_a_positive_amount_is_refused(agent_client, staff_policy, staff, opened, wage, message):
    page = declare(agent_client, {staff[0]: wage}).content.decode()
    assert f"张三:{message}" in page
    assert not WageLine.objects.exists() and not Submission.objects.filter(kind="wage_declaration").exists()


@pytest.mark.parametrize(("shift", "message"), [
    (-1, "早于当前月份"), (2, "最晚可申报下月"),
])
def test_the_effective_month_must_be_in_the_declaration_window(agent_client, staff_policy, staff, opened, shift,
                                                                message):
    page = declare(agent_client, {staff[0]: "7000"}, month=ef.this_month(shift)).content.decode()
    assert message in page and not WageLine.objects.exists()


def test_this_month_outside_the_window_is_refused(agent_client, staff_policy, staff, opened):
    from django.utils import timezone

    day = timezone.localdate().day
    staff_policy.declare_from_day, staff_policy.declare_to_day = (1, 1) if day != 1 else (2, 3)
    staff_policy.save()
    page = declare(agent_client, {staff[0]: "7000"}, month=ef.this_month()).content.decode()
    assert "今天不在申报期内,生效年月请选择下月" in page and not WageLine.objects.exists()


def test_a_person_not_paying_here_or_twice_is_refused(agent, agent_client, staff_policy, staff, opened,
                                                     district_reviewer):
    ef.stop(agent, district_reviewer, [staff[1]], month=ef.this_month())
    response = declare(agent_client, {staff[0]: "7000"})
    submission = Submission.objects.get(kind="wage_declaration")
    edit = reverse("unit:submission_edit", kwargs={"pk": submission.pk})
    from reviews.drafts import LinesRefused, draft_lines_add

    with pytest.raises(LinesRefused) as refused:
        draft_lines_add(kind="wage_declaration", by=agent, owner=opened, submission=submission,
                        rows=[{"person_id": staff[0].pk, "wage": D("8000"), "effective_month": ef.this_month(1)},
                              {"person_id": staff[1].pk, "wage": D("8000"), "effective_month": ef.this_month(1)}])
    assert refused.value.errors == {0: [("person_id", "该人员在本次申报中重复")],
                                    1: [("person_id", "该人员不是本单位参保缴费人员")]}
    # the stopped person is not offered; a posted id of theirs is ignored
    page = agent_client.get(edit).content.decode()
    assert f'name="wage_{staff[1].pk}"' not in page
    response = declare(agent_client, {staff[1]: "7000"}, url=edit, token="t2")
    assert "请至少为一名人员填写本次缴费工资" in response.content.decode()
    # posting again for a person already declared names them
    response = declare(agent_client, {staff[0]: "7500"}, url=edit, token="t3")
    assert "张三:该人员在本次申报中重复" in response.content.decode()
    assert WageLine.objects.count() == 1


def test_undeclared_staff_keep_their_base_and_are_listed(agent_client, staff_policy, staff, opened):
    declare(agent_client, {staff[0]: "7000"})
    submission = Submission.objects.get(kind="wage_declaration")
    export = agent_client.get(reverse("unit:lines_export", kwargs={"pk": submission.pk}))
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    page = agent_client.get(reverse("unit:submission_detail", kwargs={"pk": submission.pk})).content.decode()
    assert "未申报人员 1 人(沿用原缴费基数)" in page
    assert re.search(rf'<li data-person="{staff[1].pk}">李四', page)


def test_a_vip_unit_is_done_on_submit(agent_client, staff_policy, staff, opened, city_reviewer):
    from reviews.models import AutoApprovalRule

    opened.is_vip = True
    opened.save(update_fields=["is_vip"])
    AutoApprovalRule.objects.create(unit=opened, kinds=["wage_declaration"], granted_by=city_reviewer)
    declare(agent_client, {staff[0]: "7000"})
    submission = Submission.objects.get(kind="wage_declaration")
    agent_client.post(reverse("unit:draft_submit", kwargs={"pk": submission.pk}))
    submission.refresh_from_db()
    assert submission.state == "done"
    assert WageBase.objects.get(person=staff[0], unit=opened).wage == D("7000.00")


def test_another_units_declaration_is_not_found(client, agent_client, staff_policy, staff, opened, foreign_agent,
                                               city_reviewer):
    declare(agent_client, {staff[0]: "7000"})
    submission = Submission.objects.get(kind="wage_declaration")
    ef.open_unit(foreign_agent, city_reviewer)
    client.force_login(foreign_agent)
    for name in ("submission_edit", "submission_detail", "lines_export"):
        url = reverse(f"unit:{name}", kwargs={"pk": submission.pk})
        assert client.get(url).status_code == 404, name
    assert client.post(reverse("unit:draft_submit", kwargs={"pk": submission.pk})).status_code == 404
    submission.refresh_from_db()
    assert submission.state == "draft"


def test_the_pages_are_paged_and_their_queries_do_not_grow_with_staff(agent_client, staff_policy, staff, opened):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_assessment import _add_staff

    declare(agent_client, {staff[0]: "7000"})
    submission = Submission.objects.get(kind="wage_declaration")
    urls = [NEW, reverse("unit:submission_edit", kwargs={"pk": submission.pk}),
            reverse("unit:submission_detail", kwargs={"pk": submission.pk})]

    def queries():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert agent_client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    small = queries()
    _add_staff(opened, 120, ef.this_month(-2))
    from accounts.models import Person

    more = {p: "5000" for p in Person.objects.filter(id_number__startswith=f"T{opened.pk:04d}")[:50]}
    edit = urls[1]
    response = declare(agent_client, more, url=edit, token="t2")
    assert "已申报50人" in response.content.decode()
    assert queries() == small
    page = agent_client.get(NEW).content.decode()
    assert page.count('class="form-control form-control-sm"') == 50  # one page of 50 candidates
    assert "第 1 / 3 页,共 122 条" in page
    edit_page = agent_client.get(edit).content.decode()
    assert "第 1 / 2 页,共 71 条" in edit_page  # 121 − 50 declared candidates left
    detail = agent_client.get(urls[2]).content.decode()
    assert "未申报人员 71 人(沿用原缴费基数)" in detail
