"""GOV.UK Frontend components, rendered once for each distinct set of parameters.

The govuk-frontend-jinja macros are the costliest part of a journey page: a radios question
took ~1.3 ms to render, against ~0.15 ms for a bare Django response. Their output depends only
on their parameters, and the journey's parameters come from a small, fixed set (its questions,
their options, which are checked, our own error messages, dates from 2000 to today), so each
distinct call is rendered once per process and then looked up.

Never pass text a visitor typed (an invalid date's boxes): `component(..., remember=False)`
renders such a call without keeping it. Nothing kept here is linked to a visitor or session.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as django_render
from django.template import engines
from django.utils.html import format_html
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

F = TypeVar("F", bound=Callable[..., Any])
_CACHES: list[Any] = []


def remembered(maxsize: int) -> Callable[[F], F]:
    """functools.lru_cache, forgotten when a test changes a setting (static URLs, for one)."""

    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return decorate


_BLOCKS: dict[tuple[str | None, str, Hashable], tuple[Markup, str]] = {}


@pass_context
def layout_block(
    context: Context, name: str, key: Hashable, render: Callable[[], str], *, nonce: str = ""
) -> Markup:
    """A block of the layout, rendered by `render` (the block's super()) once for each page
    template and key.

    For journey/_layout.html: the key must be everything the block depends on that can change
    between requests of one page (the header: who is signed in). A block that carries the CSP
    nonce passes this request's `nonce`: the nonce it was first rendered with (random, 24
    characters) is swapped for it.
    """
    full_key = (context.name, name, key)
    cached = _BLOCKS.get(full_key)
    if cached is None:
        cached = _BLOCKS[full_key] = (Markup(render()), nonce)
        if len(_BLOCKS) >= 4096:
            _BLOCKS.clear()
    html, first_nonce = cached
    if nonce != first_nonce:
        if len(first_nonce) < 16:
            raise ValueError(f"the {name} block was first rendered without a real nonce")
        html = Markup(html.replace(first_nonce, nonce))
    return html


@functools.cache
def _stylesheet() -> Markup:
    from django.templatetags.static import static

    return format_html('<link rel="stylesheet" href="{}">', static("css/app.css"))


def stylesheet() -> Markup:
    """The journey's own stylesheet (web/static/css/app.css): the next step box, soon
    deadlines and the print layout."""
    return _stylesheet()


@receiver(setting_changed)
def forget(**kwargs: Any) -> None:
    _BLOCKS.clear()
    _stylesheet.cache_clear()
    for cache in _CACHES:
        cache.cache_clear()


MACROS = {
    "back-link": "govukBackLink",
    "button": "govukButton",
    "checkboxes": "govukCheckboxes",
    "date-input": "govukDateInput",
    "error-summary": "govukErrorSummary",
    "radios": "govukRadios",
    "select": "govukSelect",
    "summary-list": "govukSummaryList",
    "warning-text": "govukWarningText",
}
_HTML = "__html__"


def component(name: str, params: dict[str, Any], *, remember: bool = True) -> Markup:
    """The HTML of one GOV.UK component, as its Jinja macro renders it."""
    if not remember:
        return _call(name, params)
    return _remembered(name, json.dumps(_plain(params), sort_keys=True))


def _plain(value: Any) -> Any:
    """JSON for the cache key; safe HTML stays distinct from text, which the macro escapes."""
    if hasattr(value, "__html__"):  # Markup, or Django's SafeString
        return {_HTML: str(value.__html__())}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _unplain(value: dict[str, Any]) -> Any:
    return Markup(value[_HTML]) if set(value) == {_HTML} else value


@remembered(maxsize=8192)
def _remembered(name: str, key: str) -> Markup:
    return _call(name, json.loads(key, object_hook=_unplain))


def _call(name: str, params: dict[str, Any]) -> Markup:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    module = env.get_template(f"govuk_frontend_jinja/components/{name}/macro.html").module
    return Markup(getattr(module, MACROS[name])(params))


def render(
    request: HttpRequest, template_name: str, context: dict[str, Any] | None = None
) -> HttpResponse:
    """django.shortcuts.render, with `layout_block` and `stylesheet` for journey/_layout.html."""
    extra = {"layout_block": layout_block, "stylesheet": stylesheet}
    return django_render(request, template_name, {**(context or {}), **extra})
