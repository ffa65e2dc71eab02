"""POST /api/v1/assess: the `assess` contract over HTTP (docs/api.md); and its OpenAPI document.

Stateless on purpose: the facts come in the body, the assessment goes back, and nothing is
kept. No session and no cookie (web.api.middleware strips them), nothing about the facts in a
log line (Django logs the status and the path only; problems go back to the client alone),
and `Cache-Control: no-store` on every answer.

CSRF: the assess view is exempt, which is safe because there is nothing to forge. A CSRF
attack borrows the credentials a browser sends by itself (cookies); this view receives none
and reads no user, changes nothing and stores nothing, so a request forged from another site
can do no more than its author could do by calling the API directly. (A cross-site HTML form
cannot even send application/json, which is all this view accepts, and without CORS headers
no other site's script can read the answer.)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from send_redress import FactsError, parse_facts, to_json
from send_redress import assess as assess_facts
from send_redress.cli import decode_json
from web.api import openapi as openapi_document
from web.api.ratelimit import seconds_until_allowed
from web.plans.api import PlanInputError, check_plan_input

JSON = "application/json"


def problem(status: int, title: str, problems: list[str]) -> JsonResponse:
    response = JsonResponse(
        {"title": title, "status": status, "problems": problems},
        status=status,
        content_type="application/problem+json",
    )
    response["Cache-Control"] = "no-store"
    return response


def _refused(request: HttpRequest, limit: int) -> HttpResponse | None:
    """The answer to a request the API will not read (not a POST, over the rate, not JSON, or
    declaring a body over `limit` bytes), or None. Checked before the body is read."""
    if request.method != "POST":
        response = problem(405, "Method not allowed", [f"method: use POST, not {request.method}"])
        response["Allow"] = "POST"
        return response
    retry_after = seconds_until_allowed(request)
    if retry_after:
        response = problem(429, "Too many requests", [f"rate: try again in {retry_after} seconds"])
        response["Retry-After"] = str(retry_after)
        return response
    media_problem = _media_type_problem(request.content_type, request.content_params)
    if media_problem:
        return problem(415, "Unsupported media type", [media_problem])
    if _declared_length(request) > limit:
        return problem(413, "Body too large", [f"input: larger than {limit} bytes"])
    return None


@csrf_exempt
def assess(request: HttpRequest) -> HttpResponse:
    refused = _refused(request, settings.API_MAX_BODY_BYTES)
    if refused:
        return refused
    problems, data = _read_json(request.body)
    if problems:
        return problem(400, "Not valid JSON", problems)
    try:
        facts = parse_facts(data)
    except FactsError as error:
        return problem(400, "Not valid facts", list(error.problems))
    response = HttpResponse(to_json(assess_facts(facts)), content_type=JSON)
    response["Cache-Control"] = "no-store"
    return response


def _media_type_problem(content_type: str | None, params: dict[str, str]) -> str | None:
    given = content_type or ""
    if given.lower() != JSON:
        return f"content-type: send the facts as {JSON}, not {given or 'nothing'!r}"
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        return f"content-type: JSON is UTF-8, not {charset!r}"
    return None


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body without a valid length


def _read_json(body: bytes) -> tuple[list[str], Any]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return ["input: not UTF-8 text"], None
    return decode_json(text)


def openapi(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response = problem(405, "Method not allowed", [f"method: use GET, not {request.method}"])
        response["Allow"] = "GET, HEAD"
        return response
    response = HttpResponse(openapi_document.document_bytes(), content_type=JSON)
    response["Cache-Control"] = "public, max-age=300"
    return response


PLAN_MAX_BODY_BYTES = 8 * 1024 * 1024
"""A plan as base64 (4/3 of a 6 MB file) or as text; larger plans are their appendices."""


@csrf_exempt
def check_plan(request: HttpRequest) -> HttpResponse:
    """POST /api/v1/check-plan: the check-plan contract (docs/plan-check-contract.md) over HTTP.
    The body is JSON: the plan as `text`, or a PDF or DOCX as base64 in `file`; `kind`, `dated`
    (YYYY-MM-DD), `requested` and `today` as the CLI's options. Stateless, as `assess` is: the
    plan is checked in memory, and neither it nor its findings are kept or logged."""
    refused = _refused(request, PLAN_MAX_BODY_BYTES)
    if refused:
        return refused
    problems, data = _read_json(request.body)
    if problems:
        return problem(400, "Not valid JSON", problems)
    try:
        result = check_plan_input(data)
    except PlanInputError as error:
        return problem(error.status, error.title, error.problems)
    response = JsonResponse(result)
    response["Cache-Control"] = "no-store"
    return response
