from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = "缴费核定"

    def ready(self):
        from . import kinds  # noqa: F401  (registers the kinds of submission and the hall's pages)

    def demo_load(self, *, city) -> None:
        """Demo data hook called by ``accounts.demo.demo_load``: the demo city's rate tables."""
        from .demo import demo_policies

        demo_policies(city=city)
