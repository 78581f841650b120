from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "siportal.core"
    label = "core"
    verbose_name = "平台公共"

    def ready(self):
        from . import checks, formfields  # noqa: F401  (checks registers the system checks)

        formfields.install()
