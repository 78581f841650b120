"""An import job belongs to the unit it was started for, not to the agent: an agent moved to another unit leaves
the old unit's jobs and refused-rows files (full ID numbers) behind, and the unit's other agents keep them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.imports.services import import_run, import_start
from tests import factories

from . import files

pytestmark = pytest.mark.django_db

PAGES = ["import_job", "import_progress", "import_refused"]


def refused_job(agent, test_import):
    job = import_start(spec=test_import, by=agent, unit=agent.unit, uploaded=SimpleUploadedFile(
        "名单.xlsx", files.xlsx_bytes([files.person_row(1), files.person_row(2, 姓名="")])))
    import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.output and job.unit == agent.unit
    return job


def test_a_moved_agent_leaves_the_old_units_jobs_behind(client, agent, unit, foreign_unit, test_import):
    job = refused_job(agent, test_import)
    colleague = factories.agent(unit)
    agent.unit = foreign_unit  # moved by the centre to another unit
    agent.save(update_fields=["unit"])

    client.force_login(agent)
    assert reverse("unit:import_job", kwargs={"pk": job.pk}) not in client.get(reverse("unit:imports")).content.decode()
    assert "名单.xlsx" not in client.get(reverse("unit:todo")).content.decode()
    for name in PAGES:
        assert client.get(reverse(f"unit:{name}", kwargs={"pk": job.pk})).status_code == 404, name

    client.force_login(colleague)
    assert reverse("unit:import_job", kwargs={"pk": job.pk}) in client.get(reverse("unit:imports")).content.decode()
    for name in PAGES:
        assert client.get(reverse(f"unit:{name}", kwargs={"pk": job.pk})).status_code == 200, name
    refused = client.get(reverse("unit:import_refused", kwargs={"pk": job.pk}))
    assert "no-store" in refused["Cache-Control"] and "attachment" in refused["Content-Disposition"]
    assert "no-store" in client.get(reverse("unit:import_job", kwargs={"pk": job.pk}))["Cache-Control"]


def test_jobs_started_after_the_move_belong_to_the_new_unit(client, agent, unit, foreign_unit, test_import):
    agent.unit = foreign_unit
    agent.save(update_fields=["unit"])
    job = refused_job(agent, test_import)
    assert job.unit == foreign_unit
    client.force_login(factories.agent(foreign_unit))
    assert client.get(reverse("unit:import_refused", kwargs={"pk": job.pk})).status_code == 200
    client.force_login(factories.agent(unit))
    assert client.get(reverse("unit:import_job", kwargs={"pk": job.pk})).status_code == 404


def test_a_job_queued_before_the_move_is_written_for_its_own_unit(agent, unit, foreign_unit, test_import):
    job = import_start(spec=test_import, by=agent, unit=unit,
                       uploaded=SimpleUploadedFile("名单.xlsx", files.xlsx_bytes([files.person_row(1)])))
    agent.unit = foreign_unit
    agent.save(update_fields=["unit"])
    import_run(job_id=job.pk)
    job.refresh_from_db()
    from reviews.models import Submission

    assert Submission.objects.get(pk=job.result["submission_id"]).unit == unit
