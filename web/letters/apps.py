from __future__ import annotations

from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Letters drafted from the case (issue 4)."""

    name = "web.letters"
    label = "letters"
