"""Adviser forms: validation only, with GOV.UK error wording."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from send_redress import CONCERNS, load_content, long_date
from web.common.dates import DateInputsForm, DateRules
from web.common.forms import PlainTextField, choice_field

from .models import CONTACT_KINDS, OUTCOMES

CODE_ERRORS = {
    "required": "Enter the 6-digit code from your authenticator app",
    "invalid": "Enter the code as 6 digits, like 123456",
}


class CodeForm(forms.Form):
    code = forms.CharField(max_length=20, error_messages=CODE_ERRORS)
    error_anchors = {"code": "code"}

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isdigit():
            raise forms.ValidationError(CODE_ERRORS["invalid"])
        return code


class ShareForm(forms.Form):
    organisation = forms.TypedChoiceField(
        coerce=int, error_messages={"required": "Select who to share the case with"}
    )
    share_contact = forms.BooleanField(required=False)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields, "organisation").choices = [
            (str(pk), name) for pk, name in organisations
        ]
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Select who to share the case with"
        )


class AssignForm(forms.Form):
    adviser = forms.TypedChoiceField(coerce=int, error_messages={"required": "Select an adviser"})
    note = PlainTextField(
        required=False,
        max_length=2000,
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, advisers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields, "adviser").choices = [(str(pk), name) for pk, name in advisers]
        self.fields["adviser"].error_messages["invalid_choice"] = "Select an adviser"


class NoteForm(forms.Form):
    what = PlainTextField(
        max_length=5000,
        error_messages={
            "required": "Enter the note",
            "max_length": "The note must be 5,000 characters or fewer",
        },
    )


class MarkForm(forms.Form):
    """Mark one of the case's open deadlines "dealt with" or "not applicable", and why."""

    deadline = forms.ChoiceField(error_messages={"required": "Select the deadline"})
    state = forms.ChoiceField(
        choices=[("dealt-with", "Dealt with"), ("not-applicable", "Not applicable")],
        error_messages={"required": "Select dealt with or not applicable"},
    )
    reason = PlainTextField(
        max_length=500,
        error_messages={
            "required": "Enter the reason, for example what was done and when",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )
    error_anchors = {"deadline": "deadline", "state": "state", "reason": "reason"}

    def __init__(self, *args: Any, deadlines: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields, "deadline").choices = deadlines
        self.fields["deadline"].error_messages["invalid_choice"] = "Select the deadline"
        self.fields["state"].error_messages["invalid_choice"] = (
            "Select dealt with or not applicable"
        )


class RecoveryForm(forms.Form):
    code = forms.CharField(
        max_length=40, error_messages={"required": "Enter one of your recovery codes"}
    )
    error_anchors = {"code": "code"}


class ContactForm(DateInputsForm):
    """A contact with a family (the contact log). `enquiry` adds the council and setting,
    which a contact on a case takes from the case."""

    date_inputs = ("date", "follow_up")
    error_anchors: dict[str, str]

    kind = forms.ChoiceField(
        choices=CONTACT_KINDS,
        error_messages={
            "required": "Select the type of contact",
            "invalid_choice": "Select the type of contact",
        },
    )
    date = forms.CharField(required=False)
    minutes = forms.IntegerField(
        min_value=1,
        max_value=24 * 60,
        error_messages={
            "required": "Enter the time spent, in minutes",
            "invalid": "Enter the time spent as a number of minutes, like 20",
            "min_value": "The time spent must be at least 1 minute",
            "max_value": "The time spent must be 1,440 minutes (24 hours) or fewer",
        },
    )
    outcome = forms.ChoiceField(
        choices=OUTCOMES,
        error_messages={"required": "Select the outcome", "invalid_choice": "Select the outcome"},
    )
    concern = forms.ChoiceField(
        error_messages={"required": "Select the issue", "invalid_choice": "Select the issue"}
    )
    stage = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Select the stage reached"}
    )
    council = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Select the council"}
    )
    setting = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Select where the child learns"}
    )
    what = PlainTextField(
        max_length=5000,
        error_messages={
            "required": "Enter the note",
            "max_length": "The note must be 5,000 characters or fewer",
        },
    )
    internal = forms.BooleanField(required=False)
    follow_up = forms.CharField(required=False)

    def __init__(self, *args: Any, today: datetime.date, enquiry: bool, **kwargs: Any) -> None:
        # datetime.date: in this class, `date` is the form's field.
        super().__init__(*args, **kwargs)
        self.today = today
        self.enquiry = enquiry
        content = load_content()
        choice_field(self.fields, "concern").choices = [
            (c, content.concerns[c].label) for c in CONCERNS
        ]
        choice_field(self.fields, "stage").choices = [("", "")] + [
            (r.id, r.name) for r in content.routes.values()
        ]
        choice_field(self.fields, "council").choices = [("", "")] + [
            (c.id, c.name) for c in content.councils.values()
        ]
        choice_field(self.fields, "setting").choices = [("", "")] + [
            (s.id, s.label) for s in content.settings.values()
        ]
        if not enquiry:
            for name in ("council", "setting"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["date"] = self.date_in(
            "date", DateRules(name="the date of the contact", latest=self.today, today=self.today)
        )
        data["follow_up"] = self._follow_up(data["date"])
        return data

    def _follow_up(self, day: datetime.date | None) -> datetime.date | None:
        """Optional, and may be in the future (it usually is), but not before the contact."""
        follow_up = self.date_in("follow_up", DateRules(name="the follow-up date"), required=False)
        if follow_up is not None and day is not None and follow_up < day:
            self.date_error(
                "follow_up",
                f"The follow-up date must be on or after {long_date(day)}, the date of the contact",
            )
            return None
        return follow_up
