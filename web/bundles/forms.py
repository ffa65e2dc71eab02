"""Bundle and timetable forms: validation only, GOV.UK wording."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from send_redress import load_content, long_date
from web.cases.forms import PARTS, DateInputsForm
from web.common.forms import PlainTextField

from .models import part_choices

# The registration letter's dates, in the order the letter gives them; the first is the day the
# appeal was registered (the case's `tribunal-appeal-made`), which cannot be in the future.
TIMETABLE = (
    "tribunal-appeal-made",
    "tribunal-response-due",
    "tribunal-evidence-due",
    "tribunal-attendance-form-due",
    "tribunal-hearing",
)


def _field(kind: str) -> str:
    return kind.replace("-", "_")


class TimetableForm(DateInputsForm):
    """The dates from the Tribunal's registration letter; any may be left empty."""

    date_inputs = {
        _field(kind): {"label": load_content().events[kind].label, "missing": ""}
        for kind in TIMETABLE
    }
    tribunal_appeal_made = forms.CharField(required=False)
    tribunal_response_due = forms.CharField(required=False)
    tribunal_evidence_due = forms.CharField(required=False)
    tribunal_attendance_form_due = forms.CharField(required=False)
    tribunal_hearing = forms.CharField(required=False)

    def __init__(self, *args: Any, today: date, born: date, child: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today, self.born, self.child = today, born, child

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        content = load_content()
        dates: dict[str, date] = {}
        for kind in TIMETABLE:
            name = _field(kind)
            if not any((data.get(f"{name}-{p}") or "").strip() for p in PARTS):
                continue
            latest = self.today if not content.events[kind].may_be_future else date.max
            day = self.clean_date_input(name, today=latest)
            if day is not None and day < self.born:
                self._date_error(
                    name,
                    f"The date must be on or after {self.child}'s date of birth,"
                    f" {long_date(self.born)}",
                    list(PARTS),
                )
                day = None
            if day is not None:
                dates[kind] = day
        registered = dates.get("tribunal-appeal-made") or self.initial.get("registered")
        if registered:
            for kind, day in dates.items():
                if kind != "tribunal-appeal-made" and day < registered:
                    self._date_error(
                        _field(kind),
                        f"{content.events[kind].label} must be on or after the day the appeal"
                        f" was registered, {long_date(registered)}",
                        list(PARTS),
                    )
        data["dates"] = dates
        return data


class AddForm(forms.Form):
    document = forms.IntegerField(min_value=1)
    part = forms.ChoiceField(
        error_messages={
            "required": "Select a part of the bundle",
            "invalid_choice": "Select a part of the bundle",
        }
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = part_choices()


class ItemForm(DateInputsForm):
    date_inputs = {"dated": {"label": "The date", "missing": ""}}

    title = PlainTextField(
        max_length=150,
        error_messages={
            "required": "Enter a title for the index",
            "max_length": "The title must be 150 characters or fewer",
        },
    )
    dated = forms.CharField(required=False)
    part = forms.ChoiceField(
        error_messages={
            "required": "Select a part of the bundle",
            "invalid_choice": "Select a part of the bundle",
        }
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["part"].choices = part_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        blank = not any((data.get(f"dated-{p}") or "").strip() for p in PARTS)
        data["dated"] = None if blank else self.clean_date_input("dated", today=self.today)
        return data
