"""The Jinja2 environment: our templates first, then the GOV.UK Frontend macros.

Templates get `static(path)`, `url(name, *args, **kwargs)`, `error_summary(form)`,
`error_message(form, field)` and `choice_items(form, field)` as globals, `request`, `csrf_input`
and `csrf_token` from Django's Jinja2 backend, and `cspNonce` and `service` from the `service`
context processor. The `glossary` filter links the glossary's words in a block
(`{% filter glossary %}`, web/common/glossary.py); inside `{% cache %}` it runs once for each
distinct block.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

from send_redress import SOON_DAYS, duty_holder, long_date, weekday_date
from web.common.forms import choice_items, error_message, error_summary
from web.common.glossary import link_fragment
from web.common.letter_links import letters_for_route


@lru_cache(maxsize=4096)
def _reverse(
    urlconf: str, prefix: str, name: str, args: tuple[Any, ...], kwargs: tuple[Any, ...]
) -> str:
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """reverse(), remembered per URLconf and script prefix (reverse() costs ~40 us a call)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    try:
        return _reverse(urlconf, get_script_prefix(), name, args, tuple(sorted(kwargs.items())))
    except TypeError:  # unhashable arguments
        return reverse(name, urlconf=urlconf, args=args or None, kwargs=kwargs or None)


@lru_cache(maxsize=1024)
def static(path: str) -> str:
    """The static file's URL, remembered: the manifest storage's lookup costs ~20 us a call,
    and every page asks for the same few files."""
    return django_static(path)


@receiver(setting_changed)
def _forget_urls(**kwargs: Any) -> None:
    _reverse.cache_clear()
    static.cache_clear()


def glossary(html: str, link: bool = True) -> Markup:
    """`{% filter glossary %}`: the block with the glossary's words linked where they first
    appear in it (`glossary(false)` leaves it as it is, for a block that must have no links)."""
    return Markup(link_fragment(html) if link else html)


class FragmentCacheExtension(Extension):
    """`{% cache "name", value, ... %}...{% endcache %}`: the block rendered once for each
    distinct list of values and kept in this worker's memory (Jinja's documented fragment
    cache extension, like Django's own `{% cache %}` tag, over a bounded dict rather than
    Django's cache framework: a kept fragment is an immutable string that no other process
    needs, and the local-memory cache's key checks, lock and pickling cost more than
    rendering most fragments again).

    The values must be everything the block shows: the same values give the same HTML for
    anyone, on any worker or node, so losing the cache costs time only. Never put in such a
    block the CSP nonce, the CSRF token, anything a visitor typed or anything about one person.
    """

    tags = {"cache"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        values = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            values.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        call = self.call_method("_fragment", [nodes.List(values)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, values: list[Any], caller: Any) -> Markup:
        # repr() of the values: plain data, dates and the core's results (msgspec structs),
        # whose repr shows every field.
        key = repr(values)
        html = FRAGMENTS.kept.get(key)
        if html is None:
            html = Markup(caller())
            FRAGMENTS.keep(key, html)
        return html


class Fragments:
    """The rendered fragments one worker keeps, by the repr() of their values: at most `limit`
    characters of keys and HTML together, the oldest kept going first when one more needs room."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: dict[str, Markup] = {}
        self.size = 0
        self._lock = threading.Lock()  # for threaded servers; reads need none

    def keep(self, key: str, html: Markup) -> None:
        with self._lock:
            size = len(key) + len(html)
            if key in self.kept or size > self.limit:
                return
            while self.kept and self.size + size > self.limit:
                oldest = next(iter(self.kept))
                self.size -= len(oldest) + len(self.kept.pop(oldest))
            self.kept[key] = html
            self.size += size

    def clear(self) -> None:
        with self._lock:
            self.kept.clear()
            self.size = 0


FRAGMENTS = Fragments(limit=16_000_000)
"""16 MB or so a worker: a thousand result pages' bodies, or a hundred thousand fieldsets."""


@receiver(setting_changed)
def _forget_fragments(**kwargs: Any) -> None:
    """A test changed a setting (static URLs, the service's name): render afresh."""
    FRAGMENTS.clear()


class FlatGlobalsEnvironment(Environment):
    """Templates get a plain dict of globals instead of a ChainMap over the environment's.

    Every `{% from ... import %}` (the GOV.UK macros run several per call) subtracts the
    template's globals from the context's; over a ChainMap that cost ~30 us an import, a third
    of a page's render time. The catch: set globals in environment() below, before the first
    template loads; a global added later reaches only templates loaded after it.
    """

    def make_globals(self, d: Any) -> Any:
        return {**self.globals, **(d or {})}


def for_whom(whose: str) -> str:
    """Whose a deadline is, as a deadline's label says it: "For you", "For the school, its
    governors or the academy trust" (the core's duty_holder, for every kind of duty holder)."""
    return "For you" if whose == "parent" else f"For {duty_holder(whose)}"


def environment(**options: Any) -> Environment:
    django_loader = options.pop("loader")
    env = FlatGlobalsEnvironment(
        loader=ChoiceLoader(
            [
                django_loader,
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        extensions=[*options.pop("extensions", ()), FragmentCacheExtension],
        **options,
    )
    env.filters["glossary"] = glossary
    env.globals.update(
        static=static,
        url=url,
        error_summary=error_summary,
        error_message=error_message,
        choice_items=choice_items,
        long_date=long_date,
        duty_holder=duty_holder,
        for_whom=for_whom,
        letters_for_route=letters_for_route,
        weekday_date=weekday_date,
        SOON_DAYS=SOON_DAYS,  # a deadline this many days away or fewer is soon (the core's)
    )
    return env
