"""Today's date for the journey: England's date, unless a test fixes it in settings."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from send_redress import today_in_london


def today() -> date:
    fixed: date | None = getattr(settings, "SEND_REDRESS_TODAY", None)
    return fixed or today_in_london()
