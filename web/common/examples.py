"""A worked example of a question page, served only under web.settings_test (web/urls_test.py).

It shows the pattern journey pages follow: a Django form for validation only; on GET an
unbound form; on POST a bound one, re-rendered with the GOV.UK error summary and inline errors
when invalid; answers saved in the session (never the URL), then a redirect.
Template: web/templates/examples/question.html.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods


class ExampleQuestionForm(forms.Form):
    who = forms.ChoiceField(
        choices=[
            ("parent", "A parent or carer"),
            ("young_person", "A young person aged 16 to 25"),
        ],
        error_messages={
            "required": "Select who is asking",
            "invalid_choice": "Select who is asking",
        },
    )
    council = forms.CharField(
        max_length=100,
        error_messages={
            "required": "Enter the name of your council",
            "max_length": "Council name must be 100 characters or fewer",
        },
    )


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ExampleQuestionForm(request.POST)
        if form.is_valid():
            request.session["example"] = form.cleaned_data
            return redirect("pages:start")
    else:
        form = ExampleQuestionForm(initial=request.session.get("example"))
    return render(request, "examples/question.html", {"form": form})


def error(request: HttpRequest) -> HttpResponse:
    """Fails on purpose: tests check that the answer posted here never reaches the logs."""
    raise RuntimeError("example failure")
