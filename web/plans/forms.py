"""The "Check a plan" forms: validation only, GOV.UK wording."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from web.common.dates import DateInputsForm, DateRules
from web.common.forms import PlainTextField, choice_field

MAX_PASTED_CHARACTERS = 400_000
KINDS = [("draft", "A draft plan"), ("final", "A final plan"), ("unknown", "I'm not sure")]


class PlanOptionsForm(DateInputsForm):
    date_inputs = ("dated",)

    kind = forms.ChoiceField(
        choices=KINDS,
        required=False,
        error_messages={"invalid_choice": "Select whether this is a draft or a final plan"},
    )
    dated = forms.CharField(required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        rules = DateRules("the date on the plan", latest=self.today, today=self.today)
        cleaned["dated"] = self.date_in("dated", rules, required=False)  # None if left empty
        return cleaned

    def option_values(self) -> tuple[str | None, date | None]:
        kind = self.cleaned_data.get("kind") or None
        return (None if kind == "unknown" else kind), self.cleaned_data.get("dated")


class PlanForm(PlanOptionsForm):
    plan = forms.FileField(required=False)
    text = PlainTextField(
        required=False,
        max_length=MAX_PASTED_CHARACTERS,
        strip=True,
        error_messages={"max_length": "The pasted plan is too long: paste sections A to J only"},
    )
    kind = choice_field(PlanOptionsForm.base_fields, "kind")
    dated = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("plan") and not cleaned.get("text") and "text" not in self.errors:
            self.add_error("plan", "Choose the plan's file, or paste its words")
        return cleaned


class LetterForm(forms.Form):
    child_name = PlainTextField(max_length=100, required=False)
    sender_name = PlainTextField(max_length=100, required=False)
    council_name = PlainTextField(max_length=150, required=False)
    school_wanted = PlainTextField(max_length=200, required=False)
    format = forms.ChoiceField(
        choices=[("docx", "Word"), ("pdf", "PDF"), ("text", "Text")], required=False
    )
