from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "siportal.core"
    label = "core"
    verbose_name = "平台公共"

    def ready(self):
        from . import checks, formfields  # noqa: F401  (checks registers the system checks)

        formfields.install()

        from django.db.models.signals import post_delete, post_save

        from .models import Job, job_units_changed

        def job_changed(sender, instance, **kwargs):
            if instance.unit_id is not None:
                job_units_changed([instance.unit_id])

        post_save.connect(job_changed, sender=Job, weak=False, dispatch_uid="core.job_versions")
        post_delete.connect(job_changed, sender=Job, weak=False, dispatch_uid="core.job_versions_delete")
