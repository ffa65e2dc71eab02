"""The glossary page and the links to it where its words first appear (issue 15)."""

from __future__ import annotations

import re

import pytest
from django.template import engines

from web.common.glossary import link_first_uses, terms
from web.common.jinja import FRAGMENTS
from web.journey.testing import TODAY, finished, put_answers, text_of

pytestmark = pytest.mark.django_db

WANTED = {
    "section-b",
    "section-f",
    "section-i",
    "cease-to-maintain",
    "mediation-certificate",
    "local-offer",
    "judicial-review",
    "working-day",
    "phase-transfer",
}


def test_the_glossary_explains_each_word_parents_meet(client, assert_valid_html, assert_readable):
    html = client.get("/glossary").content.decode()
    assert {t.id for t in terms()} == WANTED
    for term in terms():
        assert f'<dt class="govuk-heading-m" id="{term.id}">{term.term}</dt>' in html
        assert term.text.replace("'", "&#39;") in html
    assert_valid_html(html, name="glossary")
    # A reading age of about 9 is a Flesch reading ease of 80 or more.
    assert assert_readable(html, minimum=75, name="glossary") >= 75


def test_every_page_links_to_it_and_says_the_service_is_for_england(client):
    html = client.get("/").content.decode()
    assert '<a class="govuk-footer__link" href="/glossary">Words we use</a>' in html
    assert "For England only." in html


def page(body: str) -> str:
    return f"<html><body><header>Section B</header><main>{body}</main></body></html>"


def test_only_the_first_use_in_running_text_is_linked():
    html = link_first_uses(
        page(
            "<h2>Section B</h2><p>Read Section B and section b, then Section F.</p>"
            "<a href='/x'>judicial review</a><label>Local Offer</label><p>A judicial review.</p>"
        )
    )
    assert html.count('href="/glossary#section-b"') == 1
    assert "<h2>Section B</h2>" in html and "<header>Section B</header>" in html
    assert '<p>Read <a class="govuk-link" href="/glossary#section-b">Section B</a> and' in html
    assert '<a class="govuk-link" href="/glossary#section-f">Section F</a>' in html
    assert "<label>Local Offer</label>" in html
    assert "<a href='/x'>judicial review</a>" in html
    assert (
        '<p>A <a class="govuk-link" href="/glossary#judicial-review">judicial review</a>.</p>'
        in html
    )


def test_words_inside_other_words_are_not_linked():
    assert "glossary" not in link_first_uses(page("<p>Sections Bx, working daylight.</p>"))


@pytest.mark.parametrize(
    ("concern", "term"),
    [("plan-contents", "judicial-review"), ("refused-plan", "mediation-certificate")],
)
def test_the_result_links_words_to_the_glossary(client, settings, concern, term):
    settings.SEND_REDRESS_TODAY = TODAY
    put_answers(client, finished(concern))
    html = client.get("/result").content.decode()
    links = re.findall(rf'<a class="govuk-link" href="/glossary#{term}">([^<]+)</a>', html)
    assert len(links) == 1, text_of(html)[:2000]


def test_the_problem_question_links_the_sections_of_a_plan(client):
    put_answers(client, finished("refused-plan").with_answer("concern", None))
    html = client.get("/questions/concern").content.decode()
    # In a radio's hint, not inside its label.
    assert re.search(
        r'<div id="[^"]+" class="govuk-hint govuk-radios__hint">[^<]*<a class="govuk-link" href="/glossary#section-',
        html,
    )


def test_the_glossary_filter_links_a_block_once_and_can_be_turned_off():
    env = engines["jinja2"].env
    block = "<p>Read Section B, then Section B again.</p><h2>Section F</h2><p>Section F.</p>"
    linked = env.from_string("{% filter glossary %}" + block + "{% endfilter %}").render()
    assert linked.count('href="/glossary#section-b"') == 1
    assert "<h2>Section F</h2>" in linked
    assert '<p><a class="govuk-link" href="/glossary#section-f">Section F</a>.</p>' in linked
    left = env.from_string("{% filter glossary(false) %}" + block + "{% endfilter %}").render()
    assert left == block


def test_a_result_page_kept_in_the_fragment_cache_keeps_its_links(client, settings):
    """The second visit's body comes from {% cache %}: linked when it was kept, not again."""
    settings.SEND_REDRESS_TODAY = TODAY
    FRAGMENTS.clear()
    put_answers(client, finished("plan-contents"))
    first, second = (client.get("/result").content.decode() for _ in range(2))
    for html in (first, second):
        assert html.count('href="/glossary#judicial-review"') == 1
    main = re.compile(r"<main.*?<form", re.S)
    assert main.search(first).group(0) == main.search(second).group(0)


def test_words_in_attributes_or_in_elements_inside_headings_are_not_linked():
    html = link_first_uses(
        page(
            '<p title="Section B">A <time>Section F</time> <h2>Also <b>Section I</b></h2>'
            "<p>Then Section B, SECTION F and Section I.</p>"
        )
    )
    assert 'title="Section B"' in html and "<time>Section F</time>" in html
    assert "<b>Section I</b>" in html
    for term, words in (
        ("section-b", "Section B"),
        ("section-f", "SECTION F"),
        ("section-i", "Section I"),
    ):
        assert html.count(f'href="/glossary#{term}"') == 1
        assert f'<a class="govuk-link" href="/glossary#{term}">{words}</a>' in html
