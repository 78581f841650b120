from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "业务审核"

    def ready(self):
        from . import versions
        from .registry import HallLink, register_link

        versions.connect()

        register_link(HallLink(hall="unit", label=_("批量导入"), url_name="unit:imports",
                               visible=lambda unit: unit.is_opened, business=True))
