"""The form helpers (web/common/forms.py) and the worked example question page that uses them."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

from web.common.forms import choice_items, error_message, error_summary

URL = "/examples/question"


def ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_question_page_without_errors(client, assert_valid_html, assert_readable):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Who is asking? – SEND Redress</title>" in html
    assert "govuk-error-summary" not in html and "govuk-form-group--error" not in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert_valid_html(html, name="example question")
    assert_readable(html, name="example question")


def test_missing_answers_show_the_error_summary_and_inline_errors(client, assert_valid_html):
    response = client.post(URL, {})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<title>Error: Who is asking? – SEND Redress</title>") == 1
    summary = html[
        html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))
    ]
    links = re.findall(r'<a href="#([^"]+)">\s*([^<]+?)\s*</a>', summary)
    assert links == [("who", "Select who is asking"), ("council", "Enter the name of your council")]
    page_ids = ids(html)
    for anchor, _ in links:
        assert anchor in page_ids, f"error summary links to #{anchor}, which is not on the page"
    assert re.search(
        r'id="who-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span> Select who is asking',
        html,
    )
    assert 'aria-describedby="council-hint council-error"' in html
    assert_valid_html(html, name="example question with errors")


def test_answers_are_kept_when_another_answer_is_wrong(client):
    html = client.post(URL, {"who": "young_person", "council": ""}).content.decode()
    assert re.search(r'value="young_person" checked', html)
    assert "Select who is asking" not in html
    html = client.post(URL, {"who": "nobody", "council": "Bedford"}).content.decode()
    assert 'value="Bedford"' in html and "Select who is asking" in html


@pytest.mark.django_db
def test_valid_answers_go_to_the_session_not_the_url(client):
    response = client.post(URL, {"who": "parent", "council": "Bedford Borough Council"})
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:start")
    assert "Bedford" not in response["Location"]
    assert client.session["example"] == {"who": "parent", "council": "Bedford Borough Council"}
    html = client.get(URL).content.decode()
    assert re.search(r'value="parent" checked', html)


class DateForm(forms.Form):
    error_anchors = {"when": "when-day"}
    when = forms.CharField()
    why = forms.ChoiceField(choices=[("", "Pick one"), ("a", "A"), ("b", "B")])

    def clean(self):
        raise forms.ValidationError("Something about the whole form")


def test_error_summary_helper_orders_by_field_and_uses_anchors():
    form = DateForm(data={})
    assert not form.is_valid()
    summary = error_summary(form)
    assert summary is not None and summary["titleText"] == "There is a problem"
    assert [e["href"] for e in summary["errorList"]] == ["#when-day", "#why", "#when-day"]
    assert error_message(form, "why") == {"text": "This field is required."}
    assert error_message(form, "nothing") is None


def test_helpers_say_nothing_for_unbound_or_valid_forms():
    assert error_summary(None) is None
    assert error_summary(DateForm()) is None
    assert error_message(DateForm(), "when") is None


@pytest.mark.parametrize(("data", "checked"), [({}, []), ({"why": "b"}, ["b"])])
def test_choice_items_skip_the_empty_choice_and_check_the_answer(data, checked):
    items = choice_items(DateForm(data=data), "why")
    assert [i["value"] for i in items] == ["a", "b"]
    assert [i["value"] for i in items if i["checked"]] == checked
