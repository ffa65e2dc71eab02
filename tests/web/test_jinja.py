"""The Jinja2 environment: remembered url() lookups stay correct; globals reach templates; a
{% cache %} block is kept once for each list of values, within its limit."""

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, set_script_prefix
from markupsafe import Markup

from web.common.jinja import FRAGMENTS, Fragments, url


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


def test_a_cache_block_is_rendered_once_for_each_list_of_values():
    env = engines["jinja2"].env
    template = env.from_string(
        '{% cache "t", n %}{{ n }} {{ calls.append(n) or "" }}{% endcache %}'
    )
    calls: list[int] = []
    FRAGMENTS.clear()
    rendered = [template.render(n=n, calls=calls).strip() for n in (1, 2, 1, 1, 2)]
    assert rendered == ["1", "2", "1", "1", "2"]
    assert calls == [1, 2]


def test_kept_fragments_stay_within_their_limit_oldest_going_first():
    kept = Fragments(limit=100)
    for n in range(10):
        kept.keep(f"k{n}", Markup("x" * 28))  # 30 characters with the key
    assert list(kept.kept) == ["k7", "k8", "k9"] and kept.size == 90
    kept.keep("huge", Markup("x" * 200))  # larger than the limit: rendered, never kept
    assert "huge" not in kept.kept and kept.size == 90
    kept.clear()
    assert kept.kept == {} and kept.size == 0
