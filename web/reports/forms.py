"""The period of a service's report: two GOV.UK date inputs, read from the query string."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from web.common.dates import DateInputsForm, DateRules


class PeriodForm(DateInputsForm):
    date_inputs = ("start", "end")
    start = forms.CharField(required=False)
    end = forms.CharField(required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["start"] = self.date_in(
            "start", DateRules(name="the start date", latest=self.today, today=self.today)
        )
        data["end"] = self.date_in("end", DateRules(name="the end date"))
        start, end = data["start"], data["end"]
        if start and end and end < start:
            self.date_error("end", "The end date must be on or after the start date")
            data["end"] = None
        elif start and end and (end - start).days > 5 * 366:
            self.date_error("end", "The period must be 5 years or shorter")
            data["end"] = None
        return data


def last_quarter(today: date) -> tuple[date, date]:
    """The last whole calendar quarter before today's."""
    first_month = (today.month - 1) // 3 * 3 + 1
    this_quarter = date(today.year, first_month, 1)
    start_month = first_month - 3
    start = (
        date(today.year, start_month, 1)
        if start_month > 0
        else date(today.year - 1, start_month + 12, 1)
    )
    from datetime import timedelta

    return start, this_quarter - timedelta(days=1)


def period_query(start: date, end: date) -> dict[str, str]:
    query = {}
    for name, day in (("start", start), ("end", end)):
        query.update(
            {
                f"{name}-day": str(day.day),
                f"{name}-month": str(day.month),
                f"{name}-year": str(day.year),
            }
        )
    return query
