"""The reviewers' map (/routes/map): every concern's path, walked by the engine."""

from __future__ import annotations

import re

from send_redress import CONCERNS, assess, load_content
from send_redress._ladder_map import starting_facts, walk
from web.journey.testing import h1, text_of


def test_it_walks_every_concern(client, assert_valid_html, assert_readable):
    response = client.get("/routes/map")
    assert response.status_code == 200
    html = response.content.decode()
    assert h1(html) == "Map of every route"
    content = load_content()
    sections = re.findall(
        r'<section [^>]*aria-labelledby="concern-([a-z-]+)">(.*?)</section>', html, re.S
    )
    assert [concern for concern, _ in sections] == list(CONCERNS)
    for concern, section in sections:
        steps = re.findall(r"<li>(.*?)</li>", section.split("<table")[0], re.S)
        path = walk(concern, content)
        assert len(steps) == len(path), concern
        for step, (route_id, _) in zip(steps, path, strict=True):
            assert text_of(step).startswith(content.routes[route_id].name), concern
        rows = re.findall(r'<tr class="govuk-table__row"><td class="govuk-table__cell" data-label="Route">(.*?)</td>'
                          r'<td class="govuk-table__cell" data-label="Status">(.*?)</td>', section)  # fmt: skip
        start = assess(starting_facts(concern), content)
        assert [(text_of(n), s) for n, s in rows] == [(r.name, r.status) for r in start.routes]
    assert_valid_html(html, name="map")
    assert_readable(html, name="map")


def test_it_only_answers_get_and_head(client):
    assert client.head("/routes/map").status_code == 200
    assert client.post("/routes/map").status_code == 405
