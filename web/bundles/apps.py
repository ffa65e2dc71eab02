from django.apps import AppConfig


class BundlesConfig(AppConfig):
    name = "web.bundles"
    label = "bundles"
    verbose_name = "Tribunal bundles"

    def ready(self) -> None:
        from . import models  # noqa: F401 (its post_delete receiver removes files)
