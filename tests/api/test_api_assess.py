"""POST /api/v1/assess: the `assess` contract over HTTP, with the CLI's answers and messages,
and nothing kept: no session, no cookie, no row, no log line about the facts."""

from __future__ import annotations

import json
import logging

import pytest
from django.apps import apps
from django.test import Client

from .conftest import ASSESS, EXAMPLES, as_json, cli_assess, post_json

FACTS = {"today": "2027-02-01", "concern": "refused-plan", "local_authority": "bedford",
         "events": [{"type": "decision-notice-sent", "date": "2027-01-15"}]}  # fmt: skip


def test_the_shared_examples_are_there():
    assert len(EXAMPLES) == 4


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_answer_is_the_clis_answer(client, example):
    text = example.read_text("utf-8")
    response = post_json(client, text)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    cli = cli_assess(text)
    assert cli.returncode == 0, cli.stderr
    assert as_json(response) == json.loads(cli.stdout)


def test_a_case_gets_its_deadline(client):
    response = post_json(client, json.dumps(FACTS))
    deadlines = {d["id"]: d["due"] for d in as_json(response)["deadlines"]}
    assert deadlines["tribunal-appeal"] == "2027-03-15"


BAD_INPUTS = [
    "not json",
    '{"concern": "unhappy"}',
    '{"concern": "delay", "events": [{"type": "phoned", "date": "2026-01-01"}]}',
    '{"concern": "delay", "today": "2027-02-30"}',
    '{"concern": "delay", "today": "2027-02-01", "events": [{"type": "became-aware", "date": "2027-03-01"}]}',
    '{"concern": "nope", "setting": "castle", "events": [{"type": "x", "date": "soon"}]}',
    '{"concern": "delay", "colour": "blue"}',
    "[]",
    "{}",
    "",
    "[" * 100_000,
]


@pytest.mark.parametrize("body", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_is_400_with_the_clis_lines(client, settings, body):
    settings.API_MAX_BODY_BYTES = 200_000  # the deeply nested one is bigger than the limit
    response = post_json(client, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = as_json(response)
    assert problem["status"] == 400
    cli = cli_assess(body)
    assert cli.returncode == 2 and cli.stdout == ""
    assert problem["problems"] == cli.stderr.splitlines()
    assert problem["problems"]


def test_a_body_that_is_not_utf8_is_400(client):
    response = post_json(client, '{"concern": "d\xe9lai"}'.encode("latin-1"))
    assert response.status_code == 400
    assert as_json(response)["problems"] == ["input: not UTF-8 text"]


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
     "application/json; charset=latin-1", ""],
)  # fmt: skip
def test_a_body_not_sent_as_json_is_415(client, content_type):
    response = client.generic("POST", ASSESS, json.dumps(FACTS), content_type=content_type)
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    (line,) = as_json(response)["problems"]
    assert line.startswith("content-type: ")


def test_json_with_a_utf8_charset_is_accepted(client):
    response = client.post(
        ASSESS, json.dumps(FACTS), content_type="application/json; charset=UTF-8"
    )
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete", "head", "options"])
def test_only_post_is_allowed(client, method):
    response = getattr(client, method)(ASSESS)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    if method != "head":
        assert as_json(response)["problems"] == [f"method: use POST, not {method.upper()}"]


def test_a_body_over_the_limit_is_413_and_one_at_the_limit_is_read(client, settings):
    settings.API_MAX_BODY_BYTES = 2048
    text = json.dumps(FACTS)
    at_limit = text + " " * (2048 - len(text))
    assert post_json(client, at_limit).status_code == 200
    response = post_json(client, at_limit + " ")
    assert response.status_code == 413
    assert as_json(response)["problems"] == ["input: larger than 2048 bytes"]


def test_each_client_is_limited_and_told_when_to_come_back(client, settings):
    settings.API_RATE_LIMIT = (3, 60)
    body = json.dumps(FACTS)
    for _ in range(3):
        assert post_json(client, body).status_code == 200
    response = post_json(client, body)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert as_json(response)["problems"][0].startswith("rate: try again in ")
    other = post_json(client, body, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_an_ipv6_client_is_counted_by_its_64_block(client, settings):
    settings.API_RATE_LIMIT = (2, 60)
    body = json.dumps(FACTS)
    assert post_json(client, body, REMOTE_ADDR="2001:db8:1:2::10").status_code == 200
    assert post_json(client, body, REMOTE_ADDR="2001:db8:1:2::99").status_code == 200
    assert post_json(client, body, REMOTE_ADDR="2001:db8:1:2::5").status_code == 429
    assert post_json(client, body, REMOTE_ADDR="2001:db8:1:3::5").status_code == 200


def test_behind_a_proxy_the_client_is_the_address_the_proxy_added(client, settings):
    settings.API_RATE_LIMIT = (1, 60)
    settings.API_CLIENT_IP_HEADER = "X-Forwarded-For"
    body = json.dumps(FACTS)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = post_json(client, body, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert first.status_code == 200
    # A forged address on the left does not make a new client: the proxy's entry is last.
    forged = post_json(client, body, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1", **proxy)
    assert forged.status_code == 429
    another = post_json(client, body, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert another.status_code == 200


@pytest.mark.django_db
def test_no_session_no_cookie_and_csrf_is_not_needed(django_user_model):
    user = django_user_model.objects.create_user(email="staff@example.org", password="x" * 12)
    user.is_staff = True  # staff must pass two-factor sign-in before any page
    user.save()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.cookies  # a signed-in browser's session cookie goes with the request
    response = post_json(browser, json.dumps(FACTS))
    assert response.status_code == 200  # not a CSRF failure, not the two-factor page
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "cookie" not in response.get("Vary", "").lower()


@pytest.mark.django_db
def test_the_facts_are_not_stored(client):
    def rows() -> dict[str, int]:
        return {model._meta.label: model.objects.count() for model in apps.get_models()}

    before = rows()
    assert post_json(client, json.dumps(FACTS)).status_code == 200
    assert post_json(client, '{"concern": "nope"}').status_code == 400
    assert rows() == before


def test_nothing_about_the_facts_is_logged(client, caplog):
    marker = "zz-private-marker-4f2a"
    caplog.set_level(logging.DEBUG)
    for body in (
        json.dumps({**FACTS, "local_authority": marker}),
        json.dumps({**FACTS, "concern": marker}),
        json.dumps({**FACTS, marker: 1}),
        '{"concern": "' + marker,
    ):
        post_json(client, body)
    client.generic("POST", ASSESS, marker, content_type="text/plain")
    logged = "\n".join(
        f"{r.getMessage()} {r.args} {getattr(r, 'request', '')} {r.exc_text or ''}"
        for r in caplog.records
    )
    assert "Bad Request: /api/v1/assess" in logged  # Django's own lines: status and path
    assert marker not in logged
    assert "refused-plan" not in logged
