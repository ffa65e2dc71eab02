from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "web.reports"
    label = "reports"
    verbose_name = "Reports and council accountability"

    def ready(self) -> None:
        from . import clocks

        clocks.connect()
