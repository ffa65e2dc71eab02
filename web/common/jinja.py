"""The Jinja2 environment: our templates first, then the GOV.UK Frontend macros.

Templates get `static(path)`, `url(name, *args, **kwargs)`, `error_summary(form)` and
`error_message(form, field)`, `choice_items(form, field)` as globals, and from Django's Jinja2 backend `request`,
`csrf_input` and `csrf_token`; the `service` context processor adds `cspNonce` and `service`.
"""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from send_redress import long_date
from web.common.forms import choice_items, error_message, error_summary


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    django_loader = options.pop("loader")
    env = Environment(
        loader=ChoiceLoader(
            [
                django_loader,
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        **options,
    )
    env.globals.update(
        static=static,
        url=url,
        error_summary=error_summary,
        error_message=error_message,
        choice_items=choice_items,
        long_date=long_date,
    )
    return env
