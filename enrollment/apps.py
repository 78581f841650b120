from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = "参保登记"

    def ready(self):
        from . import kinds  # noqa: F401  (registers the kinds of submission)
