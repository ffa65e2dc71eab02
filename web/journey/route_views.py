"""Pages to read without answering questions: every route, one route, and the reviewers' map."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from send_redress import CONCERNS, assess, load_content
from send_redress.ladder_map import REVIEW_DATE, starting_facts, walk


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "journey/routes.html", {"routes": load_content().routes.values()})


@require_safe
def detail(request: HttpRequest, route_id: str) -> HttpResponse:
    content = load_content()
    route = content.routes.get(route_id)
    if route is None:
        raise Http404
    deadlines = [d for d in content.deadlines.values() if d.route == route_id]
    local = [
        (pack.name, pack.contacts[route_id])
        for pack in content.local_authorities.values()
        if route_id in pack.contacts
    ]
    return render(
        request,
        "journey/route.html",
        {"route": route, "deadlines": deadlines, "contacts": local},
    )


@require_safe
def ladder_map(request: HttpRequest) -> HttpResponse:
    """Every concern's path, walked by the engine, for legal and content reviewers."""
    content = load_content()
    concerns = []
    for concern in CONCERNS:
        start = assess(starting_facts(concern), content)
        concerns.append(
            {
                "id": concern,
                "label": content.concerns[concern].label,
                "path": [
                    (content.routes[step].name, [content.events[e].label for e in finishing])
                    for step, finishing in walk(concern, content)
                ],
                "routes": start.routes,
                "clocks": start.deadlines,
            }
        )
    return render(
        request,
        "journey/map.html",
        {"concerns": concerns, "review_date": REVIEW_DATE},
    )
