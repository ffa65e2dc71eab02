"""The content files: complete, cited, and validated strictly when loaded."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest

from send_redress import DEADLINE_IDS, ROUTE_IDS, ContentError, _content, load_content

ENGINE_SOURCE = (Path(_content.__file__).parent / "_engine.py").read_text("utf-8")
CONTENT = Path(_content.__file__).parent / "content"


def test_every_route_and_deadline_is_cited_with_a_date():
    content = load_content()
    assert list(content.routes) == list(ROUTE_IDS)
    assert list(content.deadlines) == list(DEADLINE_IDS)
    for item in (*content.routes.values(), *content.deadlines.values()):
        assert item.sources, item.id
        for source in item.sources:
            assert source.url.startswith("https://")
            assert source.took_effect.year >= 1974


def test_packs_england_and_bedford():
    packs = load_content().local_authorities
    assert {"england", "bedford"} <= set(packs)
    assert "way-forward-meeting" not in packs["england"].routes
    assert list(packs["bedford"].routes) == list(ROUTE_IDS)
    assert packs["bedford"].contacts["disagreement-resolution"].name.startswith("KIDS")


def test_no_contact_detail_is_invented():
    """Every phone number, email or web address in a pack must come with a source."""
    for pack in load_content().local_authorities.values():
        for route_id, contact in pack.contacts.items():
            if contact.phone or contact.email or contact.url:
                assert contact.source is not None, f"{pack.id} {route_id}"
            if not (contact.phone or contact.email or contact.url):
                assert contact.where_to_find, f"{pack.id} {route_id} must say where to look"


def test_the_only_phone_number_is_the_one_the_sources_give():
    phones = {
        c.phone for p in load_content().local_authorities.values() for c in p.contacts.values()
    }
    assert phones - {""} == {"0300 061 0614"}


def test_every_reason_the_engine_uses_has_wording_and_none_is_unused():
    content = load_content()
    literal = set(re.findall(r'_Verdict\(\s*"[a-z-]+",\s*"([a-z0-9-]+)"', ENGINE_SOURCE))
    # Reasons built with an f-string: expand them from the values they can take.
    built = {
        "governing-body-open",
        "governing-body-open-academy",
        "dfe-open-maintained-school",
        "dfe-open-academy",
        "tribunal-claim-open",
        "tribunal-claim-open-no-date",
        "tribunal-claim-early-years",
        "tribunal-claim-early-years-no-date",
    }
    used = literal | built
    # A key's own text for one voice ("key@young-person") counts as its key.
    keys = {key.partition("@")[0] for key in content.reasons}
    assert used <= keys, used - keys
    assert keys <= used, keys - used


def test_a_voiced_wording_key_has_its_plain_key_and_a_known_voice():
    content = load_content()
    for texts in (content.reasons, content.warnings):
        for key in texts:
            base, _, voice = key.partition("@")
            if voice:
                assert base in texts, key
                assert voice == "young-person", key


def test_every_warning_the_engine_gives_has_wording_and_none_is_unused():
    used = set(re.findall(r'warn\(\s*"([a-z-]+)"', ENGINE_SOURCE))
    used |= {"unknown-local-authority"}
    # Built with an f-string from the deadline's `whose`: every duty-holder but the parent.
    holders = {d.whose for d in load_content().deadlines.values()} - {"parent"}
    used |= {f"{whose}-{late}" for whose in holders for late in ("late", "was-late")}
    assert used == {key.partition("@")[0] for key in load_content().warnings}


def test_placeholders_are_plain_names():
    content = load_content()
    for text in (*content.reasons.values(), *content.warnings.values()):
        for _, name, _, _ in string.Formatter().parse(text):
            assert name is None or name.isidentifier()


def _load_with(monkeypatch, tmp_path, name, text):
    """Load the packaged content with one file replaced, from a copy in tmp_path."""
    import shutil

    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    (copy / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(_content, "_content_folder", lambda: str(copy))
    _content.load_content.cache_clear()
    try:
        return _content.load_content()
    finally:
        _content.load_content.cache_clear()


def test_an_unknown_key_is_rejected(monkeypatch, tmp_path):
    routes = (CONTENT / "routes.yaml").read_text()
    bad = routes.replace("    cost: Free\n", "    cost: Free\n    colour: blue\n", 1)
    with pytest.raises(ContentError, match="colour"):
        _load_with(monkeypatch, tmp_path, "routes.yaml", bad)


def test_an_unknown_source_is_rejected(monkeypatch, tmp_path):
    deadlines = (CONTENT / "deadlines.yaml").read_text()
    bad = deadlines.replace("sources: [send-regs-reg-5]", "sources: [a-blog-post]")
    with pytest.raises(ContentError, match="a-blog-post"):
        _load_with(monkeypatch, tmp_path, "deadlines.yaml", bad)


def test_an_invented_phone_number_format_is_rejected(monkeypatch, tmp_path):
    pack = (CONTENT / "local_authorities/bedford.yaml").read_text()
    bad = pack.replace("phone: 0300 061 0614", "phone: call us")
    with pytest.raises(ContentError, match="phone"):
        _load_with(monkeypatch, tmp_path, "local_authorities/bedford.yaml", bad)


def test_validated_content_is_cached_on_disk_and_a_broken_cache_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("SEND_REDRESS_CACHE_DIR", str(tmp_path))
    _content.load_content.cache_clear()
    try:
        first = _content.load_content()
        (cache_file,) = tmp_path.glob("content-*.msgpack")
        _content.load_content.cache_clear()
        assert _content.load_content() == first  # read back from the cache
        cache_file.write_bytes(b"not msgpack")
        _content.load_content.cache_clear()
        assert _content.load_content() == first  # validated again from the YAML
    finally:
        _content.load_content.cache_clear()


def _packaged(name: str) -> str:
    return (Path(_content.__file__).with_name("content") / name).read_text("utf-8")


def test_a_source_that_nothing_cites_is_rejected_by_name(monkeypatch, tmp_path):
    sources = _packaged("sources.yaml")
    spare = (
        "  a-page-nobody-cites:\n"
        "    title: A page nobody cites\n"
        "    url: https://www.gov.uk/nothing-here\n"
        "    took_effect: 2014-09-01\n"
    )
    bad = sources.replace("sources:\n", "sources:\n" + spare, 1)
    with pytest.raises(ContentError, match=r"nothing cites: \['a-page-nobody-cites'\]"):
        _load_with(monkeypatch, tmp_path, "sources.yaml", bad)


def test_a_source_only_a_letter_cites_is_used(monkeypatch, tmp_path):
    """The subject access letter is the only citer of uk-gdpr-art-15: dropping that citation
    makes the source unused, so the check must read the letters' `cites`."""
    letter = _packaged("letters/subject-access-request.yaml")
    assert "cites: [uk-gdpr-art-15]" in letter
    bad = letter.replace("cites: [uk-gdpr-art-15]", "cites: [ico-right-of-access-time-limit]")
    with pytest.raises(ContentError, match=r"nothing cites: \['uk-gdpr-art-15'\]"):
        _load_with(monkeypatch, tmp_path, "letters/subject-access-request.yaml", bad)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.legislation.gov.uk/uksi/2014/1530/regulation/22/made",
        "https://www.legislation.gov.uk/ukpga/2010/15/schedule/17/enacted",
        "https://www.legislation.gov.uk/uksi/2014/1530/regulation/5/data.htm",
        "https://www.legislation.gov.uk/cy/uksi/2014/1530/regulation/22",
        "https://www.legislation.gov.uk/uksi/2014/1530/regulation/22/2020-05-01",
        "https://www.legislation.gov.uk/ukpga/2014/6/notes/division/4/3/12/7?view=plain",
        "https://www.legislation.gov.uk/id/ukpga/2014/6/section/56",
        "https://legislation.gov.uk/uksi/2014/1530/regulation/22",
    ],
)
def test_a_legislation_link_must_be_the_canonical_latest_version(monkeypatch, tmp_path, url):
    canonical = "https://www.legislation.gov.uk/uksi/2014/1530/regulation/22\n"
    sources = _packaged("sources.yaml")
    assert sources.count(canonical) == 1
    bad = sources.replace(canonical, url + "\n")
    with pytest.raises(ContentError, match="send-regs-reg-22: .* not the canonical"):
        _load_with(monkeypatch, tmp_path, "sources.yaml", bad)


def test_every_legislation_source_is_canonical_and_says_what_was_read():
    from send_redress.letters._content import load_letters

    for source_id, source in load_letters().sources.items():
        if "legislation.gov.uk" in source.url:
            assert source.url.startswith("https://www.legislation.gov.uk/"), source_id
            assert source.read is not None and source.read.version, source_id


def test_a_legislation_source_without_a_reading_is_rejected(monkeypatch, tmp_path):
    sources = _packaged("sources.yaml")
    start = sources.index("  education-act-2002-s29:")
    reading = sources.index("    read:\n", start)
    end = sources.index("\n  dfe-school-complaints-guidance:", start)
    bad = sources[:reading] + sources[end + 1 :]
    with pytest.raises(ContentError, match=r"education-act-2002-s29: say which version was read"):
        _load_with(monkeypatch, tmp_path, "sources.yaml", bad)


def test_england_wide_routes_cite_no_councils_page():
    content = load_content()
    england = content.local_authorities["england"]
    council_pages = ("bedford", "bromley", "kent", "brighton")
    for route_id in england.routes:
        for source in england.sources_for(route_id, content.routes[route_id].sources):
            assert not any(name in source.url for name in council_pages), (route_id, source.url)


def test_the_bedford_pack_adds_its_own_page_to_its_routes():
    from send_redress import Facts, assess

    content = load_content()
    bedford = content.local_authorities["bedford"]
    national = content.routes["talk-to-school"].sources
    local = bedford.sources_for("talk-to-school", national)
    assert local[: len(national)] == national
    assert [s.url for s in local[len(national) :]] == [
        "https://localoffer.bedford.gov.uk/kb5/bedford/directory/advice.page?id=8PvciPhmPWc"
    ]

    def talk_to_school_urls(pack: str) -> set[str]:
        facts = Facts(concern="support-in-school", today=date(2026, 12, 1), local_authority=pack)
        (route,) = [r for r in assess(facts).routes if r.id == "talk-to-school"]
        return {s.url for s in route.sources}

    urls = {pack: talk_to_school_urls(pack) for pack in ("bedford", "england")}
    assert any("bedford" in u for u in urls["bedford"])
    assert not any("bedford" in u for u in urls["england"])


def test_route_sources_for_a_route_the_pack_lacks_are_rejected(monkeypatch, tmp_path):
    pack = _packaged("local_authorities/england.yaml")
    bad = pack + "route_sources:\n  way-forward-meeting: [send-code-of-practice]\n"
    with pytest.raises(
        ContentError, match=r"route_sources for absent routes \['way-forward-meeting'\]"
    ):
        _load_with(monkeypatch, tmp_path, "local_authorities/england.yaml", bad)


def test_the_christmas_and_august_rule_is_cited_from_2008_for_appeals_and_2020_for_claims():
    """HESC r.12(3) has moved SEN appeal deadlines since the rules began (3 November 2008); the
    2020 amendment only took discrimination claims out of it."""
    deadlines = load_content().deadlines
    appeal = {s.title: s.took_effect for s in deadlines["tribunal-appeal"].sources}
    claim = {s.title: s.took_effect for s in deadlines["discrimination-claim"].sources}
    (sen_rule,) = [t for t in appeal if "rule 12(3)" in t]
    assert appeal[sen_rule] == date(2008, 11, 3)
    (amendment,) = [t for t in claim if "rule 12(3)" in t]
    assert "Amendment) Rules 2020" in amendment and claim[amendment] == date(2020, 7, 21)
    assert sen_rule not in claim


def test_the_mediator_not_the_council_owes_the_certificate_after_mediation():
    certificate = load_content().deadlines["mediation-certificate"]
    assert certificate.whose == "mediator"
    assert "the mediator (not the council)" in certificate.rule


def test_every_parent_deadline_says_what_to_do_once_it_has_passed():
    for deadline in load_content().deadlines.values():
        if deadline.whose == "parent":
            assert deadline.late, deadline.id


# A council duty keeps the shared "you can complain" warning, except where the remedy is another
# (the council's response to the Tribunal: tell the Tribunal).
COUNCIL_DUTIES_WITH_THEIR_OWN_LATE_WORDS = {"tribunal-response-due"}


def test_only_listed_council_duties_have_their_own_late_words():
    own = {d.id for d in load_content().deadlines.values() if d.whose != "parent" and d.late}
    assert own == COUNCIL_DUTIES_WITH_THEIR_OWN_LATE_WORDS


# The assess contract's table (docs/assess-contract.md): the event that starts each clock.
CONTRACT_TRIGGERS = {
    "assessment-decision": "assessment-requested",
    "no-plan-decision": "assessment-requested",
    "final-plan": "assessment-requested",
    "draft-plan-comments": "draft-plan-issued",
    "annual-review-decision": "annual-review-meeting",
    "amended-plan": "annual-review-meeting",
    "mediation-adviser-contact": "decision-notice-sent",
    "mediation-arranged": "mediation-requested",
    "mediation-certificate": "mediation-held",
    "tribunal-appeal": "decision-notice-sent",
    "discrimination-claim": "discrimination-occurred",
    "ombudsman-time-limit": "became-aware",
    "judicial-review": "decision-notice-sent",
}


def test_the_contracts_clocks_start_where_the_contract_says():
    deadlines = load_content().deadlines
    assert {i: deadlines[i].starts_at for i in CONTRACT_TRIGGERS} == CONTRACT_TRIGGERS


def test_a_discrimination_claim_is_not_told_to_send_a_decision_letter_and_certificate():
    tribunal = load_content().routes["tribunal"]
    claim = tribunal.for_concern("disability-discrimination")
    assert "mediation certificate" in tribunal.what_to_say
    assert "You do not need a council letter or a mediation certificate" in claim.what_to_say
    assert claim.sources == tribunal.sources
    assert (
        "do not need a mediation certificate" in tribunal.for_concern("placement-only").what_to_say
    )
    assert tribunal.for_concern("refused-plan") == tribunal
