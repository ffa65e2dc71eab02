"""The "Check a plan" forms: validation only, GOV.UK wording."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from web.cases.forms import DateInputsForm
from web.common.forms import PlainTextField

MAX_PASTED_CHARACTERS = 400_000
KINDS = [("draft", "A draft plan"), ("final", "A final plan"), ("unknown", "I'm not sure")]


class PlanOptionsForm(DateInputsForm):
    date_inputs = {
        "dated": {"label": "The date on the plan", "missing": "Enter the date on the plan"}
    }

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
        cleaned = super().clean()
        if any((cleaned.get(f"dated-{p}") or "").strip() for p in ("day", "month", "year")):
            cleaned["dated"] = self.clean_date_input("dated", today=self.today)
        else:
            cleaned["dated"] = None
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
    kind = PlanOptionsForm.base_fields["kind"]
    dated = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
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
