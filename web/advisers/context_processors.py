"""What every page's header needs from this app: `header_links(request)` (navigation.py).

A context processor rather than a Jinja global, so that web.common (below every app) does
not import web.advisers; the function is called only when the header shows links."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import header_links


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"header_links": header_links}
