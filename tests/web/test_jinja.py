"""The Jinja2 environment: remembered url() lookups stay correct; globals reach templates."""

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, set_script_prefix

from web.common.jinja import url


def test_url_reverses_with_and_without_arguments():
    assert url("pages:start") == "/"
    assert url("pages:privacy") == "/privacy"
    assert url("example-question") == "/examples/question"


def test_url_follows_the_urlconf_and_script_prefix():
    assert url("example-question") == "/examples/question"
    with override_settings(ROOT_URLCONF="web.urls"), pytest.raises(NoReverseMatch):
        url("example-question")
    set_script_prefix("/mounted/")
    try:
        assert url("pages:privacy") == "/mounted/privacy"
    finally:
        set_script_prefix("/")
    assert url("pages:privacy") == "/privacy"


def test_templates_see_the_environment_globals():
    env = engines["jinja2"].env
    template = env.get_template("layouts/base.html")
    for name in ["static", "url", "error_summary", "error_message", "choice_items"]:
        assert name in template.globals
    rendered = env.from_string("{{ url('pages:accessibility') }} {{ static('x.css') }}").render()
    assert rendered == "/accessibility /static/x.css"
