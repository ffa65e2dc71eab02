from __future__ import annotations

from typing import Any

from django import forms

from .models import DAYS_BEFORE_CHOICES

YES_NO = [("yes", "Yes"), ("no", "No")]


def _days_label(days: int) -> str:
    return "On the day" if days == 0 else "1 day before" if days == 1 else f"{days} days before"


class PreferencesForm(forms.Form):
    deadline_reminders = forms.ChoiceField(
        choices=YES_NO, error_messages={"required": "Select yes if you want deadline reminders"}
    )
    days_before = forms.TypedMultipleChoiceField(
        choices=[(str(d), _days_label(d)) for d in DAYS_BEFORE_CHOICES],
        coerce=int,
        required=False,
    )
    include_child_name = forms.ChoiceField(
        choices=YES_NO,
        error_messages={"required": "Select yes if we can use your child’s first name"},
    )

    def __init__(self, *args: Any, adviser: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if adviser:
            self.fields["adviser_digest"] = forms.ChoiceField(
                choices=YES_NO,
                error_messages={"required": "Select yes if you want the daily digest"},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("deadline_reminders") == "yes" and not data.get("days_before"):
            self.add_error("days_before", "Select when you want a reminder")
        return data
