"""The council question offers every council by name; a new pack needs no change to the web."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from send_redress import _content, load_content
from web.journey.testing import TODAY, h1, stored, text_of
from web.journey.views import forget_content

pytestmark = [pytest.mark.django_db]

BEDFORD_PACK = Path(_content.__file__).parent / "content" / "local_authorities" / "bedford.yaml"


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


@pytest.fixture
def luton_pack(tmp_path, monkeypatch):
    """A pack for Luton in a folder outside the package, as a new council's pack would be."""
    council = load_content().councils["luton"]
    text = BEDFORD_PACK.read_text("utf-8").replace("id: bedford\n", f"id: {council.id}\n")
    text = text.replace("name: Bedford Borough Council\n", f"name: {council.name}\n")
    text = text.replace("name: Bedford Borough Council SEND team", "name: Luton SEND team")
    (tmp_path / "luton.yaml").write_text(text, "utf-8")
    monkeypatch.setenv(_content.EXTRA_PACKS_ENV, str(tmp_path))
    load_content.cache_clear()
    forget_content()  # the choices and assessments made from the shipped content
    yield council
    monkeypatch.delenv(_content.EXTRA_PACKS_ENV)
    load_content.cache_clear()
    forget_content()


def options(html: str) -> list[tuple[str, str]]:
    select = html[html.index('<select class="govuk-select') : html.index("</select>")]
    return [
        (value, text_of(label))
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select, re.S)
    ]


def test_the_question_offers_every_council_by_name_then_not_sure(client):
    client.post("/questions/who", {"answer": "parent"})
    html = client.get("/questions/council").content.decode()
    assert h1(html) == "Which council is responsible?"
    councils = load_content().councils.values()
    assert options(html) == [
        ("", "Choose a council"),
        *[(c.id, c.label) for c in councils],
        ("england", "I am not sure which council"),
    ]
    assert len(options(html)) == 153 + 2
    assert '<label class="govuk-label govuk-label--l" for="answer">' in html


def test_a_council_without_a_pack_is_named_on_every_page(client, fixed_today):
    council = load_content().councils["luton"]
    assert council.id not in load_content().local_authorities
    walk(client, council.id)
    check = client.get("/check-your-answers").content.decode()
    assert council.label in text_of(check)
    result = text_of(client.get("/result").content.decode())
    assert f"{council.name}." in result
    assert "We do not have local information" not in result
    assert "Your council's SEND team" in result  # the England pack's contact


def test_a_pack_added_in_a_folder_is_walked_through_the_journey(client, fixed_today, luton_pack):
    assert luton_pack.id in load_content().local_authorities
    walk(client, luton_pack.id)
    assert stored(client)["council"] == luton_pack.id
    result = text_of(client.get("/result").content.decode())
    assert f"{luton_pack.name}." in result
    assert "Luton SEND team" in result  # the pack's own contact
    assert "Go to a Way Forward meeting" in result  # the pack's extra route


def walk(client, council_id: str) -> None:
    """Answer every question as a visitor would, by posting each page's form."""
    for url, answer in [
        ("/questions/who", "parent"),
        ("/questions/council", council_id),
        ("/questions/setting", "maintained-school"),
        ("/questions/concern", "refused-assessment"),
        ("/questions/events", "decision-notice-sent"),
    ]:
        response = client.post(url, {"answer": answer})
        assert response.status_code == 302, (url, response.content.decode()[:500])
    day = TODAY.replace(day=1)
    response = client.post(
        "/questions/date/1",
        {"answer-day": str(day.day), "answer-month": str(day.month), "answer-year": str(day.year)},
    )
    assert response["Location"] == "/check-your-answers"
