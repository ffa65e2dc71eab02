"""Django forms for the journey: validation only. The GOV.UK macros render them (see templates)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from send_redress import long_date

from .answers import EARLIEST_DATE
from .text import text


class ChoiceForm(forms.Form):
    """One radios question, named `answer`."""

    def __init__(self, *args: Any, choices: list[tuple[str, str]], error: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["answer"] = forms.ChoiceField(
            choices=choices, error_messages={"required": error, "invalid_choice": error}
        )


NONE_YET = "none"


class EventsForm(forms.Form):
    """The events that have happened: checkboxes, with an exclusive "None of these yet"."""

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        error = text("events", "error")
        self.fields["answer"] = forms.MultipleChoiceField(
            choices=[*choices, (NONE_YET, text("events", "none"))],
            error_messages={"required": error, "invalid_choice": error},
        )

    def clean_answer(self) -> tuple[str, ...]:
        chosen: list[str] = self.cleaned_data["answer"]
        if NONE_YET in chosen:
            if len(chosen) > 1:
                raise forms.ValidationError(text("events", "exclusive_error"))
            return ()
        order = [value for value, _ in self.fields["answer"].choices]
        return tuple(sorted(chosen, key=order.index))


class DateForm(forms.Form):
    """A GOV.UK date input: fields `answer-day`, `answer-month`, `answer-year`.

    Its one error is a non-field error, shown by the date input and linked from the summary
    to the first box that needs fixing (`invalid_parts` says which boxes to highlight).
    """

    day = forms.CharField(required=False, max_length=10)
    month = forms.CharField(required=False, max_length=10)
    year = forms.CharField(required=False, max_length=10)

    def __init__(
        self,
        *args: Any,
        today: date,
        not_before: tuple[str, date] | None = None,
        not_after: tuple[str, date] | None = None,
        may_be_future: bool = False,
        **kwargs: Any,
    ):
        """`not_before` and `not_after` are (label, date) of the events this one must not come
        before or after: the journey asks the earlier first, but Change can edit it later."""
        super().__init__(*args, **kwargs)
        self.today = today
        # A planned event (a move of school, a school holiday) may still be to come.
        self.may_be_future = may_be_future
        self.not_before = not_before
        self.not_after = not_after
        self.invalid_parts: list[str] = []
        self.error_anchors = {"day": "answer-day"}

    def add_prefix(self, field_name: str) -> str:
        return f"answer-{field_name}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = {name: (data.get(name) or "").strip() for name in ("day", "month", "year")}
        missing = [name for name, value in parts.items() if not value]
        if len(missing) == 3:
            return self._fail(text("date", "missing"), list(parts))
        if missing:
            return self._fail(text("date", "missing_part", part=missing[0]), missing)
        try:
            day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            return self._fail(text("date", "not_real"), list(parts))
        if day > self.today and not self.may_be_future:
            return self._fail(text("date", "future"), list(parts))
        if day < EARLIEST_DATE:
            return self._fail(text("date", "too_old"), ["year"])
        if self.not_before is not None and day < self.not_before[1]:
            label, earlier = self.not_before
            message = text("date", "before", earlier=label, date=long_date(earlier))
            return self._fail(message, list(parts))
        if self.not_after is not None and day > self.not_after[1]:
            label, later = self.not_after
            message = text("date", "after", later=label, date=long_date(later))
            return self._fail(message, list(parts))
        data["answer"] = day
        return data

    def _fail(self, message: str, parts: list[str]) -> dict[str, Any]:
        self.invalid_parts = parts
        self.error_anchors = {"day": f"answer-{parts[0]}"}
        raise forms.ValidationError(message)
