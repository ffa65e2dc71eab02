"""One route's own page (/routes/<id>): what it is, who runs it, limits, contacts, sources."""

from __future__ import annotations

import pytest

from send_redress import ROUTE_IDS, load_content
from web.journey.testing import h1, links, text_of, title


@pytest.mark.parametrize("route_id", ROUTE_IDS)
def test_it_describes_each_route(client, route_id, assert_valid_html, assert_readable):
    response = client.get(f"/routes/{route_id}")
    assert response.status_code == 200
    html = response.content.decode()
    content = load_content()
    route = content.routes[route_id]
    assert h1(html) == route.name and title(html) == f"{route.name} – SEND Redress"
    words = text_of(html)
    for part in (route.summary, route.who_runs_it, route.what_to_say, route.cost, route.how_long):
        assert text_of(part) in words
    for source in route.sources:
        assert source.url in links(html)
    for deadline in content.deadlines.values():
        assert (deadline.name in words) == (deadline.route == route_id), deadline.id
    for pack in content.local_authorities.values():
        if route_id in pack.contacts:
            assert text_of(pack.contacts[route_id].name) in words
    assert 'href="/routes/" class="govuk-back-link"' in html
    assert_valid_html(html, name=f"route {route_id}")
    assert_readable(html, name=f"route {route_id}")


def test_it_says_not_found_for_an_unknown_route(client):
    assert client.get("/routes/appeal-to-the-king").status_code == 404


def test_it_needs_no_answers_and_only_answers_get_and_head(client):
    response = client.get("/routes/tribunal")
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert client.head("/routes/tribunal").status_code == 200
    assert client.post("/routes/tribunal").status_code == 405
