"""Issue 12, finding 5: a case holds at most CASES_MAX_EVENTS entries, with a clear page when
it is full, and its timeline comes in pages, so a long case is not a 10 MB dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.personas import client_for
from web.cases import services
from web.cases.models import Event

pytestmark = pytest.mark.django_db


def fill(case, count: int) -> None:
    start = date(2020, 1, 1)
    Event.objects.bulk_create(
        Event(case=case, kind="note", date=start + timedelta(days=i), what=f"entry {i}")
        for i in range(count)
    )


def deadlines_table(html: str) -> str:
    start = html.find('<ul class="govuk-list app-deadlines">')
    return html[start : html.find("</ul>", start)] if start >= 0 else ""


def test_a_full_case_says_so_and_takes_no_more(owner, case, settings):
    settings.CASES_MAX_EVENTS = 30
    fill(case, 29)  # with the case's own event: 30
    client = client_for(owner)
    url = reverse("cases:event_new", args=[case.public_id])
    page = client.get(url)
    assert page.status_code == 409
    assert "This case already has 30 entries, the most one case can hold" in page.content.decode()
    data = {
        "kind": "note",
        "what": "one more",
        "date-day": "1",
        "date-month": "1",
        "date-year": "2027",
    }
    assert client.post(url, data).status_code == 409
    assert case.events.count() == 30
    with pytest.raises(services.TooManyEvents):
        services.add_event(case, by=owner, kind="note", day=date(2027, 1, 1), what="x")


def test_the_timeline_comes_in_pages(owner, case, settings, assert_valid_html):
    settings.CASES_TIMELINE_PAGE = 50
    fill(case, 120)
    client = client_for(owner)
    url = reverse("cases:dashboard", args=[case.public_id])
    first = client.get(url).content.decode()
    assert first.count('class="moj-timeline__item"') == 50
    assert "Page 1 of 3: 121 entries, newest first." in first and "entry 119" in first
    assert "Older entries" in first and "Newer entries" not in first
    assert_valid_html(first, name="dashboard, page 1 of a long timeline")
    last = client.get(url, {"page": "3"}).content.decode()
    assert last.count('class="moj-timeline__item"') == 21 and "entry 0" in last
    assert "Newer entries" in last and "Older entries" not in last
    # The deadlines come from every event, whatever the page.
    assert deadlines_table(first) == deadlines_table(last) != ""
    for bad in ("0", "4", "99999999999999999999", "²", "x"):
        assert client.get(url, {"page": bad}).status_code == 200
