"""The journey's layout (journey/_layout.html): layouts/base.html and the journey's stylesheet.
Its parts must be exactly what base.html renders, the CSP nonce must be this response's, and a
signed-in visitor must never get a signed-out header (or the reverse)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import Client

from web.journey.testing import TODAY, finished, put_answers, tags
from web.testing import csp_nonce

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates" / "journey"
PAGES = ["/questions/who", "/questions/date/1", "/check-your-answers", "/result", "/routes/"]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def region(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start)) + len(end)]


def chrome(html: str) -> dict[str, str]:
    """The parts of a page the layout gives it, whatever the page."""
    return {
        "head": region(html, "<head>", "</head>").split("<title>")[0],
        "skip link": region(html, '<a href="#main-content"', "</a>"),
        "header": region(html, '<header class="govuk-template__header">', "</header>"),
        "footer": region(html, '<footer class="govuk-template__footer">', "</footer>"),
    }


@pytest.mark.parametrize("url", PAGES)
def test_the_layouts_parts_are_what_base_html_renders(client, url):
    put_answers(client, finished("refused-assessment"))
    first = client.get(url).content.decode()
    again = client.get(url).content.decode()
    start = client.get("/").content.decode()  # base.html itself
    assert chrome(first) == chrome(again)
    expected = chrome(start)
    for part, html in chrome(again).items():
        if part == "head":  # the journey's pages add their stylesheet
            html = re.sub(r'\s*<link rel="stylesheet" href="/static/css/app\.css">', "", html)
        assert html == expected[part], part


@pytest.mark.parametrize("url", PAGES)
def test_every_script_carries_this_responses_nonce(client, url):
    put_answers(client, finished("refused-assessment"))
    nonces = set()
    for _ in range(3):
        response = client.get(url)
        nonce = csp_nonce(response["Content-Security-Policy"])
        scripts = [a for t, a in tags(response.content.decode()) if t == "script"]
        assert len(scripts) >= 2 and all(a.get("nonce") == nonce for a in scripts)
        assert response.content.decode().count(str(nonce)) == len(scripts)
        nonces.add(nonce)
    assert len(nonces) == 3


def test_a_signed_in_visitor_gets_their_own_header(client, django_user_model):
    anonymous = chrome(client.get("/routes/").content.decode())["header"]
    user = django_user_model.objects.create_user("parent@example.com", "a-long-password-1")
    signed_in = Client()
    signed_in.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    header = chrome(signed_in.get("/routes/").content.decode())["header"]
    assert header != anonymous and "Sign in" not in header
    assert chrome(client.get("/routes/").content.decode())["header"] == anonymous
    assert chrome(signed_in.get("/").content.decode())["header"] == header


def test_journey_pages_extend_the_journey_layout():
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        if template.name == "_layout.html":
            assert '{% extends "layouts/base.html" %}' in text
        elif template.name.startswith("_"):
            assert "{% extends" not in text, template.name
        else:
            assert '{% extends "journey/_layout.html" %}' in text, template.name


# Every block of GOV.UK Frontend's template.html that layouts/base.html keeps, filled in.
BLOCKS = (
    "{% block pageTitle %}A title{% endblock %}{% block head %}<link rel=stylesheet>{% endblock %}"
    "{% block headIcons %}<link rel=icon>{% endblock %}{% block bodyStart %}<p>start</p>"
    "{% endblock %}{% block header %}<header>head</header>{% endblock %}"
    "{% block beforeContent %}<a href=/>back</a>{% endblock %}{% block content %}<p>body</p>"
    "{% endblock %}{% block footer %}<footer>foot</footer>{% endblock %}"
    "{% block bodyEnd %}<script>end</script>{% endblock %}"
)


@pytest.mark.parametrize("skip_link", ["", "{% block skipLink %}<a href=#x>skip</a>{% endblock %}"])
def test_base_html_renders_what_govuk_frontends_page_template_renders(rf, skip_link):
    """layouts/base.html writes out govuk_frontend_jinja's template.html (web/templates/layouts/
    base.html says why): with the same blocks it must give the same page, bar whitespace."""
    env = engines["jinja2"].env
    context = {"cspNonce": "n0nce", "service": {"name": "SEND Redress"}, "request": rf.get("/")}
    ours = env.from_string('{% extends "layouts/base.html" %}' + BLOCKS + skip_link)
    theirs = env.from_string(
        '{% extends "govuk_frontend_jinja/template.html" %}{% set htmlLang = "en-GB" %}'
        + BLOCKS
        + skip_link
    )

    def normalised(html: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()

    rendered = normalised(ours.render(context))
    assert rendered == normalised(theirs.render(context))
    assert 'nonce="n0nce"' in rendered and "<main" in rendered
