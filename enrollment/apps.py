from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = "参保登记"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Person

        from . import kinds  # noqa: F401  (registers the kinds of submission)

        def person_changed(sender, instance, **kwargs):
            from .services.members import person_lists_renew

            person_lists_renew(instance.pk)

        post_save.connect(person_changed, sender=Person, weak=False, dispatch_uid="enrollment.person_lists")
        post_delete.connect(person_changed, sender=Person, weak=False, dispatch_uid="enrollment.person_lists_delete")
