"""The check page (the letter's preview) and the three downloads."""

from __future__ import annotations

import re

import pytest

from send_redress import long_date
from send_redress.letters import LETTER_TYPES
from tests.documents import docx_text, flat, pdf_fonts, pdf_info, pdf_text, pdf_text_pypdf
from tests.letters.cases import CASES
from web.letters.questions import pages_for
from web.letters.testing import JOURNEYS, TODAY, h1, page_data, start_journey, text_of, title

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def details(letter_type: str, **changes) -> dict:
    given = dict(CASES[letter_type]["letter"])
    given.pop("response_date", None)
    return given | changes


def fill_in(client, letter_type: str, **changes) -> None:
    start_journey(client, letter_type)
    facts = JOURNEYS[letter_type].to_facts(TODAY)
    for page in pages_for(letter_type, facts):
        data = page_data(letter_type, page, details(letter_type, **changes), facts)
        response = client.post(f"/letters/{letter_type}/{page}", data)
        assert response.status_code == 302, response.content.decode()[:2000]


def check(client, letter_type: str) -> str:
    response = client.get(f"/letters/{letter_type}/check")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_the_check_page_shows_the_letter_valid_and_readable(
    client, letter_type, assert_valid_html, assert_readable
):
    fill_in(client, letter_type)
    html = check(client, letter_type)
    assert h1(html) == "Check your letter"
    assert title(html) == "Check your letter – SEND Redress"
    assert_valid_html(html, name=f"check {letter_type}")
    assert_readable(html, name=f"check {letter_type}")
    page = text_of(html)
    assert long_date(TODAY) in page
    assert "Alex Smith" in page and "Sam Smith" in page
    for item in CASES[letter_type]["letter"].get("issues", []):
        assert text_of(item) in page
    assert 'class="app-letter"' in html
    assert html.count('data-format="') == 3


def test_the_letter_before_claim_shows_its_warning_above_the_letter(client):
    fill_in(client, "letter-before-claim")
    html = check(client, "letter-before-claim")
    warning = html.index("govuk-warning-text")
    assert warning < html.index('class="app-letter"')
    assert "Get legal advice before you send this letter." in text_of(html[warning:])


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_the_downloads_hold_the_same_letter_in_three_formats(client, letter_type):
    fill_in(client, letter_type)
    date = TODAY.isoformat()
    texts = {}
    for ext, media in (
        ("txt", "text/plain; charset=utf-8"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "application/pdf"),
    ):
        response = client.get(f"/letters/{letter_type}/letter.{ext}")
        assert response.status_code == 200
        assert response["Content-Type"] == media
        assert (
            response["Content-Disposition"] == f'attachment; filename="{letter_type}-{date}.{ext}"'
        )
        assert response["Cache-Control"] == "no-store"
        texts[ext] = response.content
    pdf = texts["pdf"]
    assert pdf_info(pdf)["Tagged"] == "yes"
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))
    readable = {
        "txt": texts["txt"].decode("utf-8"),
        "docx": docx_text(texts["docx"]),
        "pdf": pdf_text(pdf),
    }
    for ext, text in readable.items():
        flat_text = flat(text)
        assert "Alex Smith" in flat_text, ext
        assert long_date(TODAY) in flat_text, ext
        for item in CASES[letter_type]["letter"].get("outcomes", []):
            assert flat(item) in flat_text, (ext, item)


@pytest.mark.parametrize("letter_type", ["letter-before-claim", "la-complaint"])
def test_the_notes_are_a_page_apart_and_never_in_the_letters_files(
    client, letter_type, assert_valid_html, assert_readable
):
    """Issue 15 item 10: the files a parent attaches hold the letter only; the notes for them
    are a page of their own, and a file of their own if they want one."""
    fill_in(client, letter_type)
    html = check(client, letter_type)
    assert "data-notes>" not in html
    notes_url = f"/letters/{letter_type}/before-you-send"
    assert f'href="{notes_url}"' in html
    page = client.get(notes_url)
    assert page.status_code == 200
    notes_html = page.content.decode()
    assert_valid_html(notes_html, name=f"notes {letter_type}")
    assert_readable(notes_html, name=f"notes {letter_type}")
    assert h1(notes_html) == "Before you send your letter"
    assert 'class="app-letter"' not in notes_html
    notes = re.findall(r"<li>(.*?)</li>", notes_html.split("data-notes>")[1].split("</ul>")[0])
    assert notes
    letter_files = {
        "txt": client.get(f"/letters/{letter_type}/letter.txt").content.decode(),
        "docx": docx_text(client.get(f"/letters/{letter_type}/letter.docx").content),
        "pdf": pdf_text_pypdf(client.get(f"/letters/{letter_type}/letter.pdf").content),
    }
    for ext, text in letter_files.items():
        text = flat(text)
        assert "Alex Smith" in text, ext
        assert "Before you send" not in text, ext
        assert not [n for n in notes if flat(text_of(n)) in text], ext
    for ext in ("pdf", "txt"):
        response = client.get(f"/letters/{letter_type}/notes.{ext}")
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'-notes-{TODAY.isoformat()}.{ext}"')
        body = response.content
        text = flat(pdf_text_pypdf(body) if ext == "pdf" else body.decode())
        assert all(flat(text_of(n)) in text for n in notes), ext
        assert "Dear " not in text, ext


def test_changing_an_answer_goes_back_to_the_check_page(client):
    fill_in(client, "school-complaint")
    html = check(client, "school-complaint")
    assert 'href="/letters/school-complaint/letter"' in html
    response = client.post(
        "/letters/school-complaint/letter",
        {"issues": "A new problem", "outcomes": "A new outcome"},
    )
    assert response["Location"] == "/letters/school-complaint/check"
    assert "A new problem" in text_of(check(client, "school-complaint"))


def test_an_unfinished_letter_goes_to_the_page_still_to_answer(client):
    start_journey(client, "school-complaint")
    assert (
        client.get("/letters/school-complaint/check")["Location"] == "/letters/school-complaint/you"
    )
    assert (
        client.get("/letters/school-complaint/letter.pdf")["Location"]
        == "/letters/school-complaint/check"
    )
    assert client.get("/letters/school-complaint/letter.rtf").status_code == 404


def test_hostile_answers_are_shown_as_text_and_download_safely(client, assert_valid_html):
    hostile = [
        "<script>alert('x')</script>",
        "{{ 7*7 }} {child_name} {0}",
        "B" * 2000,
        "لم يحصل طفلي على جلسات النطق",
        "Sam is upset 😢 👨\u200d👩\u200d👧",
    ]
    fill_in(client, "school-complaint", issues=hostile, sender_name="<b>Alex</b>")
    html = check(client, "school-complaint")
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>Alex</b>" not in html
    assert "{{ 7*7 }} {child_name} {0}" in html
    assert '<li dir="rtl">لم يحصل طفلي على جلسات النطق</li>' in html
    assert_valid_html(html, name="check page with hostile answers")
    for ext in ("txt", "docx", "pdf"):
        response = client.get(f"/letters/school-complaint/letter.{ext}")
        assert response.status_code == 200
    text = client.get("/letters/school-complaint/letter.txt").content.decode()
    assert "- <script>alert('x')</script>\n" in text
    document = docx_text(client.get("/letters/school-complaint/letter.docx").content)
    assert "<script>alert('x')</script>" in document
