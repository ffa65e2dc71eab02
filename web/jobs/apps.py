from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "web.jobs"
    label = "jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from . import models  # noqa: F401 (its post_delete receiver removes files)
