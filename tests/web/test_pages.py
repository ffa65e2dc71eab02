"""The start page, accessibility statement and privacy page, and what every page shares."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from web.testing import csp_nonce

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    ("pages:start", "Get help when you disagree about SEND support"),
    ("pages:accessibility", "Accessibility statement"),
    ("pages:privacy", "Privacy and cookies"),
]
PAGE_IDS = [name for name, _ in PAGES]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize(("name", "heading"), PAGES, ids=PAGE_IDS)
def test_page_renders_with_its_title_and_heading(get_ok, name, heading):
    html = get_ok(reverse(name)).content.decode()
    assert f"<title>{heading} – SEND Redress</title>" in html
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert h1 is not None and h1.group(1).strip() == heading
    assert '<html lang="en-GB"' in html


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_is_valid_html(get_ok, assert_valid_html, name):
    assert_valid_html(get_ok(reverse(name)).content, name=name)


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_text_is_plain_english(get_ok, assert_readable, name):
    assert assert_readable(get_ok(reverse(name)).content, name=name) >= 50


def test_csp_is_strict_and_every_script_carries_the_nonce(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = csp_nonce(policy)
    assert nonce and len(nonce) >= 22
    scripts = [attrs for tag, attrs in tags(response.content.decode()) if tag == "script"]
    assert len(scripts) >= 2  # GOV.UK's js-enabled snippet and our initAll() module
    assert all(attrs.get("nonce") == nonce for attrs in scripts)
    assert any(attrs.get("type") == "module" for attrs in scripts)
    assert "initAll()" in response.content.decode()
    # no inline styles, which the policy would block
    assert not any("style" in attrs for _, attrs in tags(response.content.decode()))


def test_csp_nonce_is_new_for_every_response(client):
    nonces = {csp_nonce(client.get("/")["Content-Security-Policy"]) for _ in range(3)}
    assert len(nonces) == 3


@pytest.mark.parametrize("url", ["/", "/privacy", "/no-such-page"])
def test_security_headers(client, url):
    response = client.get(url)
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("name", PAGE_IDS)
def test_skip_link_is_the_first_thing_in_the_body_and_points_at_main(get_ok, name):
    html = get_ok(reverse(name)).content.decode()
    body = tags(html)[[t for t, _ in tags(html)].index("body") + 1 :]
    focusable = [(t, a) for t, a in body if t in {"a", "button", "input", "select", "textarea"}]
    tag, attrs = focusable[0]
    assert tag == "a" and attrs.get("class") == "govuk-skip-link"
    assert attrs.get("href") == "#main-content"
    assert ("main", {"class": "govuk-main-wrapper", "id": "main-content"}) in body


@pytest.mark.parametrize("name", PAGE_IDS)
def test_no_gov_uk_branding(get_ok, name):
    html = get_ok(reverse(name)).content.decode()
    for banned in ["Crown copyright", "govuk-header__logo", "crown", "Open Government Licence",
                   "GDS Transport", "govuk-crest", "govuk-footer__licence-logo"]:  # fmt: skip
        assert banned.lower() not in html.lower(), banned
    assert re.search(r'<a href="/" class="govuk-service-navigation__link">\s*SEND Redress', html)
    assert "SEND Redress" in html
    footer = html[html.index('<footer class="govuk-template__footer">') :]
    assert 'href="https://opensource.org/license/mit" rel="license">MIT licence</a>' in footer
    assert f'href="{reverse("pages:accessibility")}"' in footer
    assert f'href="{reverse("pages:privacy")}"' in footer


def test_vendored_assets_carry_no_gov_uk_font_or_crest():
    static = ROOT / "web" / "static" / "govuk"
    css = (static / "govuk-frontend.min.css").read_text()
    assert "@font-face" not in css and "GDS Transport" not in css
    assert "govuk-crest" not in css and "/assets/fonts" not in css
    assert "font-family:arial,sans-serif" in css.replace(" ", "").lower()
    assert not (static / "assets" / "fonts").exists()
    js = (static / "govuk-frontend.min.js").read_text()
    assert "initAll" in js and "sourceMappingURL" not in js


def test_start_page_has_no_start_button_until_the_journey_exists(get_ok):
    html = get_ok("/").content.decode()
    try:
        journey = reverse("journey:start")
    except NoReverseMatch:
        journey = None
    if journey:
        assert f'href="{journey}"' in html and "govuk-button--start" in html
    else:
        assert "govuk-button--start" not in html
        assert "The questions are not ready yet" in html


def test_privacy_page_names_the_cookies_actually_used(get_ok, settings):
    html = get_ok("/privacy").content.decode()
    assert settings.SESSION_COOKIE_NAME in html and settings.CSRF_COOKIE_NAME in html


@override_settings(
    SERVICE_CONTACT_EMAIL="help@example.org", SERVICE_SOURCE_URL="https://example.org/src"
)
def test_contact_and_source_links_appear_when_configured(client, assert_valid_html):
    html = client.get("/accessibility").content.decode()
    assert 'href="mailto:help@example.org"' in html
    assert 'href="https://example.org/src"' in html
    assert_valid_html(html, name="accessibility with contact")


def test_not_found_page(client, assert_valid_html):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found – SEND Redress</title>" in html
    assert "Content-Security-Policy" in response
    assert_valid_html(html, name="404")


def test_information_pages_only_answer_get_and_head(client):
    assert client.head("/").status_code == 200
    assert client.post("/").status_code == 405


def test_form_without_csrf_token_gets_a_polite_page(assert_valid_html):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("example-question"), {"who": "parent", "council": "Bedford"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sorry, you will need to start again" in html
    assert_valid_html(html, name="CSRF failure")


def test_server_error_page_and_logs_carry_no_request_body(assert_valid_html):
    secret = f"Sensitive-Answer-{uuid.uuid4().hex}"
    stream = io.StringIO()
    handlers = {h for name in ("django", "web") for h in logging.getLogger(name).handlers}
    assert handlers, "the LOGGING setting configures console handlers"
    old = {h: h.setStream(stream) for h in handlers if isinstance(h, logging.StreamHandler)}
    try:
        client = Client(raise_request_exception=False)
        response = client.post(reverse("example-error"), {"answer": secret, "council": secret})
    finally:
        for handler, previous in old.items():
            handler.setStream(previous)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert secret not in html
    assert_valid_html(html, name="500")
    logged = stream.getvalue()
    assert "Internal Server Error: /examples/error" in logged
    assert "RuntimeError: example failure" in logged
    assert secret not in logged


def test_exception_reports_hide_post_data(rf, settings):
    from django.views.debug import ExceptionReporter

    secret = f"Sensitive-Answer-{uuid.uuid4().hex}"
    request = rf.post("/examples/error", {"answer": secret})
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    settings.DEBUG = False
    reporter = ExceptionReporter(request, *exc_info)
    assert secret not in reporter.get_traceback_text()
    assert secret not in reporter.get_traceback_html()
    # With DEBUG on, frames show their local variables (this test's own `secret` among them),
    # but the POST data is still withheld.
    settings.DEBUG = True
    assert ExceptionReporter(request, *exc_info).get_traceback_data()["filtered_POST_items"] == []


@pytest.mark.django_db
def test_collectstatic_with_the_production_storage(tmp_path, client):
    """The manifest storage resolves every url() in the CSS and every static() a page uses."""
    from web.journey.testing import TODAY, finished, put_answers

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    journey = ["/questions/who", "/start-again", "/routes/", "/routes/tribunal", "/routes/map"]
    journey += ["/questions/events", "/questions/date/1", "/check-your-answers", "/result"]
    put_answers(client, finished("refused-assessment"))
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, SEND_REDRESS_TODAY=TODAY):
        call_command("collectstatic", interactive=False, verbosity=0)
        assert (tmp_path / "staticfiles.json").is_file()
        assert list(tmp_path.glob("govuk/govuk-frontend.min.*.css.gz"))
        for url in ["/", "/accessibility", "/privacy", "/no-such-page", *journey]:
            response = client.get(url)
            assert response.status_code == (404 if "no-such" in url else 200), url
            html = response.content.decode()
            assert re.search(r'href="/static/govuk/govuk-frontend\.min\.[0-9a-f]{12}\.css"', html)
            assert re.search(r'"/static/govuk/govuk-frontend\.min\.[0-9a-f]{12}\.js"', html)
            for ref in re.findall(r'"(/static/[^"]+)"', html):
                assert re.search(r"\.[0-9a-f]{12}\.\w+$", ref), (url, ref)
        assert re.search(r'href="/static/css/app\.[0-9a-f]{12}\.css"', html)  # the result page


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    database = tmp_path / "db.sqlite3"
    database.touch()  # production refuses to create a missing database (issue 12, finding 17)
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="web.settings_production",
        SEND_REDRESS_SECRET_KEY="k" * 10 + "p2N9xQ7vL4mZ8rT1wY6sB3jH5dF0gK2cV9nX7aE4uR1iO8",
        SEND_REDRESS_ALLOWED_HOSTS="send-redress.example.org",
        SEND_REDRESS_BASE_URL="https://send-redress.example.org",
        SEND_REDRESS_DATABASE=f"sqlite:///{database}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_an_insecure_base_url():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="web.settings_production",
        SEND_REDRESS_SECRET_KEY="k" * 10 + "p2N9xQ7vL4mZ8rT1wY6sB3jH5dF0gK2cV9nX7aE4uR1iO8",
        SEND_REDRESS_BASE_URL="http://127.0.0.1:8000",
    )
    assert result.returncode != 0
    assert "SEND_REDRESS_BASE_URL" in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="web.settings_production")
    assert result.returncode != 0
    assert "SEND_REDRESS_SECRET_KEY" in result.stderr
