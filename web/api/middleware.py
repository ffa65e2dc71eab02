"""The API is stateless: it never sees a cookie and never sets one.

First in MIDDLEWARE, so the session, authentication, two-factor and CSRF middleware below it
find no cookie on an API request: a browser's session cookie cannot make an API answer depend
on who is signed in (or redirect it to a two-factor page), and nothing can start a session.
On the way out it drops any cookie an inner layer set, and says the answer varies by nothing
but the request body.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

API_PREFIX = "/api/"


class StatelessApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        request.META.pop("HTTP_COOKIE", None)
        response = self.get_response(request)
        response.cookies.clear()
        if (
            "Vary" in response.headers
        ):  # "Vary: Cookie" from the session middleware: no cookie is read
            varies = [v.strip() for v in response.headers["Vary"].split(",")]
            kept = [v for v in varies if v.lower() != "cookie"]
            if kept:
                response.headers["Vary"] = ", ".join(kept)
            else:
                del response.headers["Vary"]
        return response
