"""A strict Content-Security-Policy with a fresh nonce for every response."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "img-src 'self'; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Sets request.csp_nonce; templates put it on each inline <script> (as `cspNonce`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.upgrade = getattr(settings, "CSP_UPGRADE_INSECURE_REQUESTS", False)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]  # ours: HttpRequest lacks it
        response = self.get_response(request)
        if "Content-Security-Policy" not in response.headers:
            policy = POLICY.format(nonce=nonce)
            if self.upgrade:
                policy += "; upgrade-insecure-requests"
            response.headers["Content-Security-Policy"] = policy
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), geolocation=(), microphone=(), payment=()"
        )
        return response


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every page the app makes (issue 12).

    Pages show a case, a visitor's answers or an account, and a shared or back-button cache
    must keep none of them; listing the pages that may be cached would let a new one slip
    through, so none is. Static files never reach this (WhiteNoise answers them first).
    A view that sets its own Cache-Control (never_cache, or the partner API's public OpenAPI
    document, which holds nothing about anyone) keeps its header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response
