from __future__ import annotations

from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Letters drafted from the case (issue 4).

    The result page asks `letters_for_route(route_id)` which letters a route offers. The shared
    Jinja environment (web/common/jinja.py) takes globals before the first template loads, so
    the global is added here, when the app is ready: before any request.
    """

    name = "web.letters"
    label = "letters"

    def ready(self) -> None:
        from django.template import engines

        from .links import letters_for_route

        for engine in engines.all():
            environment = getattr(engine, "env", None)
            if environment is not None:
                environment.globals["letters_for_route"] = letters_for_route
