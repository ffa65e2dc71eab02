"""Adviser forms: validation only, with GOV.UK error wording."""

from __future__ import annotations

from typing import Any

from django import forms

from web.common.forms import PlainTextField

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
        self.fields["organisation"].choices = [(str(pk), name) for pk, name in organisations]
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
        self.fields["adviser"].choices = [(str(pk), name) for pk, name in advisers]
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
        self.fields["deadline"].choices = deadlines
        self.fields["deadline"].error_messages["invalid_choice"] = "Select the deadline"
        self.fields["state"].error_messages["invalid_choice"] = (
            "Select dealt with or not applicable"
        )


class RecoveryForm(forms.Form):
    code = forms.CharField(
        max_length=40, error_messages={"required": "Enter one of your recovery codes"}
    )
    error_anchors = {"code": "code"}
