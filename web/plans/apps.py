from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "web.plans"
    label = "plans"
    verbose_name = "Plan checks"

    def ready(self) -> None:
        from . import models  # noqa: F401 (its post_delete receiver removes a scan's bytes)
