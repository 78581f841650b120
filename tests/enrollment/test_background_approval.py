"""审核通过 of a submission above the threshold runs in the background: 办理中 meanwhile, one job however many
clicks, all or nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from enrollment.models import JoinLine, Membership
from reviews.approvals import approval_run
from reviews.models import Submission
from reviews.services import submission_transition
from siportal.core.models import Job
from tests import factories

from . import factories as ef

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(opened, agent, settings):
    settings.SUBMISSION_BACKGROUND_APPROVAL_LINES = 2
    rows = [ef.join_row(name=name, id_number=ef.id_number("19910404")) for name in ("甲一", "乙二", "丙三")]
    submission = ef.enrol(agent, None, rows, approve_it=False)
    return submission_transition(submission_id=submission.pk, action="submit", by=agent)


def _approve(client, submission):
    return client.post(reverse("admin:reviews_submission_act", args=[submission.pk, "approve"]), follow=True)


def test_a_big_approval_is_queued_once_and_shown_in_progress(big, agent_client, district_reviewer,
                                                              django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(district_reviewer)
    with django_capture_on_commit_callbacks() as queued:
        page = _approve(client, big).content.decode()
    assert "已转入后台办理" in page and len(factories.queued_tasks(queued)) == 1
    with django_capture_on_commit_callbacks() as again:
        _approve(client, big)
    assert factories.queued_tasks(again) == [] and Job.objects.filter(kind=f"approve:{big.pk}").count() == 1
    review = client.get(reverse("admin:reviews_submission_change", args=[big.pk])).content.decode()
    assert "办理中" in review
    detail = agent_client.get(reverse("unit:submission_detail", args=[big.pk])).content.decode()
    assert "办理中" in detail
    assert not Membership.objects.filter(unit=big.unit, person__name="甲一").exists()

    job = approval_run(job_id=Job.objects.get().pk)
    assert job.status == Job.Status.DONE
    assert Submission.objects.get(pk=big.pk).state == "done"
    assert Membership.objects.filter(unit=big.unit, person__name__in=["甲一", "乙二", "丙三"]).count() == 15
    assert approval_run(job_id=job.pk) is None  # a redelivered task does nothing twice
    assert "办理中" not in agent_client.get(reverse("unit:submission_detail", args=[big.pk])).content.decode()


def test_a_failed_background_approval_changes_nothing(big, client, district_reviewer,
                                                      django_capture_on_commit_callbacks):
    client.force_login(district_reviewer)
    with django_capture_on_commit_callbacks():
        _approve(client, big)
    first = JoinLine.objects.filter(submission=big).order_by("pk").first()
    factories.person(id_number=first.id_number, name=first.name)  # registered meanwhile: 应办理增员
    job = approval_run(job_id=Job.objects.get().pk)
    assert job.status == Job.Status.FAILED and "增员" in job.message
    submission = Submission.objects.get(pk=big.pk)
    assert submission.state == "in_review"
    assert not Membership.objects.filter(unit=big.unit).exclude(person__name__in=["张三", "李四"]).exists()
    review = client.get(reverse("admin:reviews_submission_change", args=[big.pk])).content.decode()
    assert "后台办理未完成" in review and "增员" in review
