"""Case forms: validation only, GOV.UK wording. Dates are GOV.UK date inputs (`<name>-day`,
`<name>-month`, `<name>-year`); their one error sits on a placeholder field `<name>` and the
error summary links to the first box that needs fixing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from send_redress import EVENTS_BY_CONCERN, SETTINGS, load_content, long_date
from web.common.forms import PlainTextField
from web.journey.councils import council_choices

from . import documents
from .models import NOTE

PARTS = ("day", "month", "year")


class DateInputsForm(forms.Form):
    """Adds GOV.UK date inputs named in `date_inputs` ({name: wording})."""

    date_inputs: dict[str, dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_anchors: dict[str, str] = {}
        self.invalid_parts: dict[str, list[str]] = {}
        fields = {}
        for name in self.fields:
            if name in self.date_inputs:
                fields[name] = forms.CharField(required=False)
                for part in PARTS:
                    fields[f"{name}-{part}"] = forms.CharField(required=False, max_length=10)
            else:
                fields[name] = self.fields[name]
        self.fields = fields

    def parts(self, name: str) -> dict[str, str]:
        """The boxes' current values, for the template."""
        if self.is_bound:
            return {p: str(self.data.get(f"{name}-{p}", "")) for p in PARTS}
        value = self.initial.get(name)
        if isinstance(value, date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return dict.fromkeys(PARTS, "")

    def clean_date_input(self, name: str, *, today: date) -> date | None:
        """The date, or None with an error on the form. A date input whose wording has no
        "missing" message is optional: all three boxes empty is None without an error."""
        words = self.date_inputs[name]
        raw = {p: (self.cleaned_data.get(f"{name}-{p}") or "").strip() for p in PARTS}
        missing = [p for p in PARTS if not raw[p]]
        if len(missing) == 3:
            if "missing" not in words:
                return None
            return self._date_error(name, words["missing"], list(PARTS))
        if missing:
            return self._date_error(name, f"{words['label']} must include a {missing[0]}", missing)
        try:
            day = date(int(raw["year"]), int(raw["month"]), int(raw["day"]))
        except ValueError:
            return self._date_error(name, f"{words['label']} must be a real date", list(PARTS))
        if day > today:
            return self._date_error(
                name, f"{words['label']} must be today or in the past", list(PARTS)
            )
        if day.year < 1900:
            return self._date_error(name, f"{words['label']} must be after 1900", ["year"])
        return day

    def _date_error(self, name: str, message: str, parts: list[str]) -> None:
        self.invalid_parts[name] = parts
        self.error_anchors[name] = f"{name}-{parts[0]}"
        self.add_error(name, message)
        return None


def _radio(choices: list[tuple[str, str]], error: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices, error_messages={"required": error, "invalid_choice": error}
    )


class CaseForm(DateInputsForm):
    date_inputs = {
        "date_of_birth": {
            "label": "Date of birth",
            "missing": "Enter your child's date of birth",
        }
    }

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
        data["date_of_birth"] = self.clean_date_input("date_of_birth", today=self.today)
        return data


class EventForm(DateInputsForm):
    date_inputs = {"date": {"label": "The date", "missing": "Enter the date it happened"}}

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
        self, *args: Any, concern: str, born: date, child: str, today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.born, self.child, self.today = born, child, today
        content = load_content()
        choices = [(e, content.events[e].label) for e in EVENTS_BY_CONCERN[concern]]
        choices.append((NOTE, "Something else (a note for your records)"))
        self.fields["kind"] = _radio(choices, "Select what happened")
        self.checked_upload: documents.Checked | None = None

    def kind_choices_missing(self, kind: str) -> bool:
        """True when an existing event's type is not offered for the case's concern."""
        return kind not in {value for value, _ in self.fields["kind"].choices}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = self.clean_date_input("date", today=self.today)
        if day is not None and day < self.born:
            self._date_error(
                "date",
                f"The date must be on or after {self.child}'s date of birth, {long_date(self.born)}",
                list(PARTS),
            )
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

    date_inputs = {"dated": {"label": "The date on the document"}}

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
        data["dated"] = self.clean_date_input("dated", today=self.today)
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
