from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "siportal.core"
    label = "core"
    verbose_name = "平台公共"

    def ready(self):
        from . import checks  # noqa: F401  (registers system checks)
