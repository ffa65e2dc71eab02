"""Account forms: validation only, with GOV.UK error wording. Templates render them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
    "max_length": "Email address must be 254 characters or fewer",
}


def _email_field() -> forms.EmailField:
    return forms.EmailField(max_length=254, error_messages=EMAIL_ERRORS)


def _password_field(required: str) -> forms.CharField:
    return forms.CharField(
        max_length=256,
        strip=False,
        error_messages={
            "required": required,
            "max_length": "Password must be 256 characters or fewer",
        },
    )


def _check_new_password(password: str, user: Any) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        messages = []
        for problem in error.error_list:
            code = problem.code
            if code == "password_too_short":
                messages.append("Password must be 10 characters or more")
            elif code == "password_too_common":
                messages.append("Choose a password that is harder to guess")
            elif code == "password_entirely_numeric":
                messages.append("Password must include letters or symbols, not only numbers")
            elif code == "password_too_similar":
                messages.append("Password must not be like your email address")
            else:
                messages.append("Choose a different password")
        raise ValidationError(messages[0]) from error


class EmailForm(forms.Form):
    email = _email_field()

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class SignUpForm(EmailForm):
    password = _password_field("Enter a password")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            from .models import User

            try:
                _check_new_password(password, User(email=data.get("email") or ""))
            except ValidationError as error:
                self.add_error("password", error)
        return data


class SignInForm(EmailForm):
    password = _password_field("Enter your password")


class NewPasswordForm(forms.Form):
    password = _password_field("Enter a new password")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        _check_new_password(password, self.user)
        return password


class ConfirmPasswordForm(forms.Form):
    """Asks for the current password before something that cannot be undone."""

    password = _password_field("Enter your password")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise ValidationError("The password is not right")
        return password
