"""Glue between Django forms (validation only) and the GOV.UK Frontend Jinja macros.

Convention: a template gives each field's macro the field's name as its id, i.e. `'name': f,
'id': f` for govukInput/govukTextarea/govukDateInput and `'name': f, 'idPrefix': f` for
govukRadios/govukCheckboxes (their first input then has id `f`). The error summary links to
`#<name>` unless the form's `error_anchors` says otherwise (a date input's first box is
`<name>-day`). See tests/web/templates/example/question.html for a whole page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

# What XML 1.0 (so DOCX) cannot hold: C0 controls but tab, line feed and carriage return,
# lone surrogates, and U+FFFE/U+FFFF. Word pastes some of them (issue 12: a vertical tab made
# every later chronology DOCX a 500).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """The text without characters that a document (DOCX, PDF) cannot hold; a vertical tab or
    form feed (Word's line and page breaks) becomes a line break."""
    return _NOT_IN_XML.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


def small_number(text: str, limit: int) -> int | None:
    """The number in `text` if it is plain ASCII digits no larger than `limit`, else None.
    (str.isdigit accepts "²" and numbers too big for a database integer: both gave 500s.)"""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(limit)):
        return None
    number = int(text)
    return number if number <= limit else None


def choice_field(fields: Mapping[str, forms.Field], name: str) -> forms.ChoiceField:
    """The ChoiceField `name` of a form's `fields` (or `base_fields`), to read or set its
    choices. django-stubs types them as plain Fields, so only the form's own declaration
    shows this one is a ChoiceField (a cast, not a check: nothing changes at run time)."""
    return cast(forms.ChoiceField, fields[name])


def choice_pairs(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    """The field's choices as Django keeps them once set: a list of (value, label) pairs (these
    forms have no groups). django-stubs types the getter as anything the setter takes."""
    return cast("list[tuple[Any, Any]]", field.choices)


class PlainTextField(forms.CharField):
    """A CharField that drops control characters on the way in (issue 12)."""

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return without_control_characters(text) if isinstance(text, str) else text


def _anchor(form: forms.BaseForm, name: str) -> str:
    anchors: dict[str, str] = getattr(form, "error_anchors", {})
    if name == NON_FIELD_ERRORS:
        name = next(iter(form.fields), name)
    return anchors.get(name, name)


def error_summary(form: forms.BaseForm | None) -> dict[str, Any] | None:
    """Params for govukErrorSummary (first message of each field, in field order), or None."""
    if form is None or not form.is_bound or not form.errors:
        return None
    order = [*form.fields, NON_FIELD_ERRORS]
    names = sorted(form.errors, key=lambda n: order.index(n) if n in order else len(order))
    return {
        "titleText": "There is a problem",
        "errorList": [
            {"text": form.errors[name][0], "href": f"#{_anchor(form, name)}"} for name in names
        ],
    }


def error_message(form: forms.BaseForm | None, name: str) -> dict[str, str] | None:
    """The `errorMessage` param for one field's macro, or None when the field has no error."""
    if form is None or not form.is_bound:
        return None
    errors = form.errors.get(name)
    return {"text": str(errors[0])} if errors else None


def choice_items(form: forms.BaseForm, name: str) -> list[dict[str, Any]]:
    """`items` for govukRadios/govukCheckboxes from a ChoiceField, with the current answer
    checked."""
    field = form.fields[name]
    current = form[name].value()
    chosen = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
    return [
        {"value": value, "text": str(text), "checked": str(value) in chosen}
        for value, text in getattr(field, "choices", [])
        if value != ""
    ]
