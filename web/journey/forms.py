"""Django forms for the journey: validation only. The GOV.UK macros render them (see templates)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any, cast

from django import forms

from send_redress import OrderProblem, date_order_problems, event_order_for, load_content
from web.common.dates import DateInputsForm, DateRules, order_message

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
        choices = cast("list[tuple[str, str]]", getattr(self.fields["answer"], "choices", []))
        order = [value for value, _ in choices]
        return tuple(sorted(chosen, key=order.index))


class DateForm(DateInputsForm):
    """The date of one event: a GOV.UK date input, boxes `answer-day`, `answer-month` and
    `answer-year`, checked by the one date field (web/common/dates.py) and, against the dates
    already given, by the core's date-order rules (the journey asks the earlier first, but a
    Change link from check your answers can edit it later)."""

    date_inputs = ("answer",)

    def __init__(
        self,
        *args: Any,
        today: date,
        concern: str,
        event_type: str,
        dates: Mapping[str, date],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.today, self.concern, self.event_type = today, concern, event_type
        self.dates = {k: v for k, v in dates.items() if k != event_type}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = self.date_in("answer", rules_for(self.event_type, self.today))
        if day is not None:
            wrong = order_problems(self.concern, self.dates, self.event_type, day)
            if wrong:
                self.date_error("answer", order_message(self.event_type, wrong[0]))
                day = None
        data["answer"] = day
        return data


def rules_for(event_type: str, today: date) -> DateRules:
    """What the journey's date question about `event_type` accepts."""
    event = load_content().events[event_type]
    # A date still to come (a move, a date from the Tribunal's letter) may be in the future.
    latest = None if event.may_be_future else today
    return DateRules(event.named_date(), earliest=EARLIEST_DATE, latest=latest, today=today)


def order_problems(
    concern: str, dates: Mapping[str, date], event_type: str, day: date
) -> list[OrderProblem]:
    """The date-order problems `day` for `event_type` would make with the other dates."""
    problems = date_order_problems(concern, {**dates, event_type: day})
    return [p for p in problems if event_type in (p.later, p.earlier)]


def example_rules(
    concern: str, dates: Mapping[str, date], event_type: str, today: date
) -> DateRules:
    """The rules narrowed by the dates already given, so the hint's example is one the
    question accepts: after the events this one follows, before those that follow it."""
    rules = rules_for(event_type, today)
    earliest, latest = rules.earliest, rules.latest or today
    for later, earlier in event_order_for(concern):
        if later == event_type and earlier in dates:
            earliest = max(earliest, dates[earlier])
        if earlier == event_type and later in dates:
            latest = min(latest, dates[later])
    return replace(rules, earliest=earliest, latest=max(latest, earliest))
