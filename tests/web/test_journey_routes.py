"""Every route (/routes/): a list to read without answering questions."""

from __future__ import annotations

import re

from send_redress import ROUTE_IDS, load_content
from web.journey.testing import h1, links, title


def test_it_lists_every_route(client, assert_valid_html, assert_readable):
    response = client.get("/routes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert h1(html) == "Ways to sort out a disagreement"
    assert title(html) == "Ways to sort out a disagreement – SEND Redress"
    routes = load_content().routes
    listed = re.findall(r'<li><a class="govuk-link" href="/routes/([a-z-]+)">([^<]+)</a>', html)
    assert [route_id for route_id, _ in listed] == list(routes)
    assert set(routes) == set(ROUTE_IDS)
    assert all(routes[route_id].name == name.replace("&#39;", "'") for route_id, name in listed)
    assert "/routes/map" in links(html) and "/start" in links(html)
    assert_valid_html(html, name="routes")
    assert_readable(html, name="routes")


def test_it_needs_no_answers_and_writes_no_session(client):
    response = client.get("/routes/")
    assert response.status_code == 200 and "sessionid" not in response.cookies


def test_it_only_answers_get_and_head(client):
    assert client.head("/routes/").status_code == 200
    assert client.post("/routes/").status_code == 405
