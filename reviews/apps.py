from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "业务审核"

    def ready(self):
        from .registry import HallLink, register_link

        register_link(HallLink(hall="unit", label=_("批量导入"), url_name="unit:imports",
                               visible=lambda unit: unit.is_opened, business=True))
