"""Bundle and timetable forms: validation only, GOV.UK wording."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from send_redress import date_order_problems, load_content
from web.common.dates import DateInputsForm, DateRules, order_message
from web.common.forms import PlainTextField, choice_field

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

    date_inputs = tuple(_field(kind) for kind in TIMETABLE)

    def __init__(
        self,
        *args: Any,
        today: date,
        born: date,
        child: str,
        concern: str,
        others: dict[str, list[date]],
        **kwargs: Any,
    ) -> None:
        """`others`: the dates of the case's events by type, less the ones asked here."""
        super().__init__(*args, **kwargs)
        self.today, self.born, self.child = today, born, child
        self.concern, self.others = concern, others

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        events = load_content().events
        dates: dict[str, date] = {}
        for kind in TIMETABLE:
            future = events[kind].may_be_future
            rules = DateRules(
                events[kind].named_date(),
                earliest=self.born,
                latest=None if future else self.today,
                today=self.today,
            )
            day = self.date_in(_field(kind), rules, required=False)
            if day is not None:
                dates[kind] = day
        # The same date-order rules as the case file (none of these before the registration).
        known = {k: list(v) for k, v in self.others.items()}
        registered = self.initial.get("tribunal_appeal_made")
        if registered and "tribunal-appeal-made" not in dates:
            known.setdefault("tribunal-appeal-made", []).append(registered)
        for kind, day in dates.items():
            known.setdefault(kind, []).append(day)
        for problem in date_order_problems(self.concern, known):
            for kind in (problem.later, problem.earlier):
                if kind in dates and _field(kind) not in self.errors:
                    self.date_error(_field(kind), order_message(kind, problem))
                    dates.pop(kind)
                    break
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
        choice_field(self.fields, "part").choices = part_choices()


class ItemForm(DateInputsForm):
    date_inputs = ("dated",)

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
        choice_field(self.fields, "part").choices = part_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rules = DateRules("the date on the document", latest=self.today, today=self.today)
        data["dated"] = self.date_in("dated", rules, required=False)
        return data
