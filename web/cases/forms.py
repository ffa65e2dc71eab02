"""Case forms: validation only, GOV.UK wording. Dates are GOV.UK date inputs (`<name>-day`,
`<name>-month`, `<name>-year`); their one error sits on a placeholder field `<name>` and the
error summary links to the first box that needs fixing."""

from __future__ import annotations

import datetime
from datetime import date
from typing import Any

from django import forms

from send_redress import EVENTS_BY_CONCERN, SETTINGS, date_order_problems, load_content, long_date
from web.common.dates import DateInputsForm, DateRules, example_hint, order_message
from web.common.forms import PlainTextField, choice_field, choice_pairs
from web.journey.councils import council_choices

from . import documents
from .models import NOTE


def _radio(choices: list[tuple[str, str]], error: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices, error_messages={"required": error, "invalid_choice": error}
    )


class CaseForm(DateInputsForm):
    date_inputs = ("date_of_birth",)

    child_name = PlainTextField(
        max_length=100,
        error_messages={
            "required": "Enter your child's name",
            "max_length": "Your child's name must be 100 characters or fewer",
        },
    )
    date_of_birth = forms.CharField(required=False)
    setting = forms.ChoiceField()
    council = forms.ChoiceField()
    concern = forms.ChoiceField()

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        content = load_content()
        self.fields["setting"] = _radio(
            [(s, content.settings[s].label) for s in SETTINGS],
            "Select where your child goes now",
        )
        self.fields["council"] = _radio(council_choices(), "Select the council")
        self.fields["concern"] = _radio(
            [(c.id, c.label) for c in content.concerns.values()],
            "Select what the disagreement is about",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rules = DateRules("your child's date of birth", latest=self.today, today=self.today)
        data["date_of_birth"] = self.date_in("date_of_birth", rules)
        return data


class EventForm(DateInputsForm):
    date_inputs = ("date",)

    kind = forms.ChoiceField()
    date = forms.CharField(required=False)
    who = PlainTextField(
        required=False,
        max_length=200,
        error_messages={"max_length": "Who must be 200 characters or fewer"},
    )
    what = PlainTextField(
        required=False,
        max_length=5000,
        error_messages={"max_length": "What happened must be 5,000 characters or fewer"},
    )
    document = forms.FileField(
        required=False,
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file"},
    )

    def __init__(
        self,
        *args: Any,
        concern: str,
        born: datetime.date,  # datetime's: in this class, `date` is the form's field
        child: str,
        today: datetime.date,
        others: dict[str, list[datetime.date]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`others`: the dates of the case's other events by type (not the one being changed),
        for the date-order rules the journey and the engine share."""
        super().__init__(*args, **kwargs)
        self.born, self.child, self.today = born, child, today
        self.concern, self.others = concern, others or {}
        # An example the question takes: not in the future, not before the child was born.
        rules = DateRules("the date", earliest=born, latest=today, today=today)
        self.date_hint = example_hint(rules, today=today)
        content = load_content()
        choices = [(e, content.events[e].label) for e in EVENTS_BY_CONCERN[concern]]
        choices.append((NOTE, "Something else (a note for your records)"))
        self.fields["kind"] = _radio(choices, "Select what happened")
        self.checked_upload: documents.Checked | None = None

    def kind_choices_missing(self, kind: str) -> bool:
        """True when an existing event's type is not offered for the case's concern."""
        return kind not in {value for value, _ in choice_pairs(choice_field(self.fields, "kind"))}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        events = load_content().events
        name = events[kind].named_date() if kind in events else "the date it happened"
        # A date still to come (a move, a date from the Tribunal's letter) may be in the future.
        future = kind in events and events[kind].may_be_future
        latest = None if future else self.today
        day = self.date_in("date", DateRules(name, latest=latest, today=self.today))
        if day is not None and day < self.born:
            self.date_error(
                "date",
                f"The date must be on or after {self.child}'s date of birth, {long_date(self.born)}",
            )
            day = None
        if day is not None and kind in events:
            dates = {k: list(v) for k, v in self.others.items()}
            dates.setdefault(kind, []).append(day)
            wrong = [
                p
                for p in date_order_problems(self.concern, dates)
                if (p.later, p.later_date) == (kind, day)
                or (p.earlier, p.earlier_date) == (kind, day)
            ]
            if wrong:
                self.date_error("date", order_message(kind, wrong[0]))
                day = None
        data["date"] = day
        if data.get("kind") == NOTE and not (data.get("what") or "").strip():
            self.add_error("what", "Enter what happened")
        upload = data.get("document")
        if upload:
            try:
                self.checked_upload = documents.check(upload, upload.name, upload.size)
            except documents.Refused as refused:
                self.add_error("document", str(refused))
        return data


class DocumentDetailsForm(DateInputsForm):
    """What a document is called and the date written on it (issue 15), asked on upload and
    changeable later."""

    date_inputs = ("dated",)

    title = PlainTextField(
        required=False,
        max_length=documents.MAX_TITLE,
        error_messages={
            "max_length": f"The name of the document must be {documents.MAX_TITLE} characters or fewer"
        },
    )
    dated = forms.CharField(required=False)

    def __init__(self, *args: Any, today: date, title_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.title_required = title_required

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["title"] = (data.get("title") or "").strip()
        if self.title_required and not data["title"] and "title" not in self.errors:
            self.add_error("title", "Enter the name of the document")
        data["dated"] = self.date_in(
            "dated",
            DateRules(name="the date on the document", latest=self.today, today=self.today),
            required=False,
        )
        return data


class DocumentForm(DocumentDetailsForm):
    """Upload a document; its name defaults to the file's when the parent gives none."""

    document = forms.FileField(
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        }
    )
    event = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, events: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, title_required=False, **kwargs)
        self.fields["event"] = forms.ChoiceField(
            required=False,
            choices=[("", "Not linked to an event"), *events],
            error_messages={"invalid_choice": "Select an event from the list"},
        )
        self.checked_upload: documents.Checked | None = None

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        try:
            self.checked_upload = documents.check(upload, upload.name, upload.size)
        except documents.Refused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload
