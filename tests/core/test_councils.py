"""Every council in England with SEND duties, by name (councils.yaml), and packs for them."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from send_redress import DEFAULT_PACK, ContentError, Facts, _content, assess, load_content

REPO = Path(__file__).parents[2]
CONTENT = REPO / "send_redress" / "content"
REFERENCE = REPO.parent / "shared" / "data" / "english-education-authorities.csv"
FACTS = Facts(
    concern="refused-assessment",
    today=date(2027, 2, 1),
    events={"decision-notice-sent": date(2026, 12, 11)},
)


def facts_for(council_id: str) -> Facts:
    return dataclasses.replace(FACTS, local_authority=council_id)


# Where councils.yaml (the DfE and GOV.UK registers) and the reference list disagree, and why.
KNOWN_DIFFERENCES = {
    # Barnsley and Sheffield have had new codes since their boundary change of 1 May 2025 (the
    # DfE lookup gives both the old, terminated, codes and the new ones).
    ("barnsley", "gss_code"): ("E08000038", "E08000016"),
    ("sheffield", "gss_code"): ("E08000039", "E08000019"),
    # City status in 2022: GOV.UK's register has the councils' new names.
    ("milton-keynes", "name"): ("Milton Keynes City Council", "Milton Keynes Council"),
    ("southend-on-sea", "name"): (
        "Southend-on-Sea City Council",
        "Southend-on-Sea Borough Council",
    ),
    # The council calls itself Wirral Council; the reference has its legal style.
    ("wirral", "name"): ("Wirral Council", "Wirral Borough Council"),
}


def test_every_council_with_send_duties_is_listed_once():
    councils = load_content().councils
    assert len(councils) == 153
    kinds = Counter(council.gss_code[:3] for council in councils.values())
    # Unitary authorities (the Isles of Scilly among them), metropolitan districts, the London
    # boroughs with the City of London, and county councils.
    assert kinds == {"E06": 63, "E08": 36, "E09": 33, "E10": 21}
    assert councils["isles-of-scilly"].la_code == "420"
    assert councils["city-of-london"].name == "City of London Corporation"
    assert councils["bedford"].name == load_content().local_authorities["bedford"].name
    assert DEFAULT_PACK not in councils
    areas = [council.area.casefold() for council in councils.values()]
    assert areas == sorted(areas)  # in order of place, as the council question lists them


def test_every_council_is_cited_from_an_official_register():
    content = load_content()
    titles = " ".join(source.title for source in content.council_sources)
    assert "Department for Education" in titles and "GOV.UK" in titles
    renamed = {c.id for c in content.councils.values() if c.source is not None}
    assert renamed == {"derby", "doncaster", "north-yorkshire", "somerset"}


def test_the_list_matches_the_reference_list_but_for_known_differences():
    if not REFERENCE.is_file():
        pytest.skip(f"the reference list {REFERENCE} is not here (it sits beside the clone in CI)")
    with REFERENCE.open(encoding="utf-8", newline="") as file:
        reference = list(csv.DictReader(file))
    ours = list(load_content().councils.values())
    assert len(reference) == len(ours)
    differences = {}
    for row in reference:
        name = " ".join(row["official-name"].split())
        (council,) = [c for c in ours if row["gss-code"] == c.gss_code or name == c.name]
        for field, theirs in (("name", name), ("gss_code", row["gss-code"])):
            if getattr(council, field) != theirs:
                differences[(council.id, field)] = (getattr(council, field), theirs)
    assert differences == KNOWN_DIFFERENCES


def test_every_listed_council_is_assessed_under_its_own_name():
    content = load_content()
    england = content.local_authorities[DEFAULT_PACK]
    for council in content.councils.values():
        result = assess(facts_for(council.id))
        assert (result.local_authority, result.local_authority_name) == (council.id, council.name)
        assert not any("local information" in warning for warning in result.warnings)
        if council.id not in content.local_authorities:
            assert [route.id for route in result.routes] == list(england.routes)
            pack = content.local_authority(council.id)
            assert pack is not None and not pack.has_own_pack


def test_an_unknown_council_gets_the_england_pack_with_a_warning():
    result = assess(facts_for("cardiff"))
    assert result.local_authority == DEFAULT_PACK
    assert any('local information for "cardiff"' in warning for warning in result.warnings)


def _pack_for(council_id: str, name: str) -> str:
    """bedford.yaml made into another council's pack, as README.md "Adding a council" says."""
    text = (CONTENT / "local_authorities" / "bedford.yaml").read_text("utf-8")
    text = text.replace("id: bedford\n", f"id: {council_id}\n")
    return text.replace("name: Bedford Borough Council\n", f"name: {name}\n")


def test_a_pack_in_an_extra_folder_is_used_for_its_council(tmp_path):
    (tmp_path / "luton.yaml").write_text(_pack_for("luton", "Luton Borough Council"), "utf-8")
    content = load_content(tmp_path)
    result = assess(facts_for("luton"), content)
    assert result.local_authority == "luton"
    assert result.local_authority_name == "Luton Borough Council"
    assert "way-forward-meeting" in [route.id for route in result.routes]
    assert content.local_authorities["luton"].has_own_pack
    assert "luton" not in load_content().local_authorities  # the shipped content is unchanged


def test_the_extra_folder_can_be_named_by_the_environment(tmp_path, monkeypatch):
    (tmp_path / "luton.yaml").write_text(_pack_for("luton", "Luton Borough Council"), "utf-8")
    monkeypatch.setenv(_content.EXTRA_PACKS_ENV, str(tmp_path))
    load_content.cache_clear()
    try:
        assert "luton" in load_content().local_authorities
    finally:
        monkeypatch.delenv(_content.EXTRA_PACKS_ENV)
        load_content.cache_clear()
    assert "luton" not in load_content().local_authorities


def test_a_changed_extra_pack_is_loaded_again_not_read_from_the_disk_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SEND_REDRESS_CACHE_DIR", str(tmp_path / "cache"))
    packs = tmp_path / "packs"
    packs.mkdir()
    pack = packs / "luton.yaml"
    pack.write_text(_pack_for("luton", "Luton Borough Council"), "utf-8")
    load_content.cache_clear()
    try:

        def team(content: _content.Content) -> str:
            return content.local_authorities["luton"].contacts["local-authority-send-team"].name

        assert team(load_content(packs)) == "Bedford Borough Council SEND team"
        assert list((tmp_path / "cache").glob("content-*.msgpack"))
        changed = _pack_for("luton", "Luton Borough Council").replace(
            "name: Bedford Borough Council SEND team", "name: Luton Borough Council SEND team"
        )
        pack.write_text(changed, "utf-8")
        load_content.cache_clear()
        assert team(load_content(packs)) == "Luton Borough Council SEND team"
    finally:
        load_content.cache_clear()


@pytest.mark.parametrize(
    ("council_id", "name", "problem"),
    [
        ("nowhere", "Nowhere Council", "not a council in councils.yaml"),
        ("luton", "Luton Council", "is not the council's name"),
    ],
)
def test_a_pack_must_be_for_a_listed_council_under_its_name(tmp_path, council_id, name, problem):
    (tmp_path / f"{council_id}.yaml").write_text(_pack_for(council_id, name), "utf-8")
    with pytest.raises(ContentError, match=problem):
        load_content(tmp_path)


def test_a_repeated_council_is_refused(monkeypatch, tmp_path):
    councils = (CONTENT / "councils.yaml").read_text("utf-8")
    repeated = councils.replace('la_code: "821"', 'la_code: "822"')  # Luton given Bedford's code
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    (copy / "councils.yaml").write_text(repeated, "utf-8")
    monkeypatch.setattr(_content, "_content_folder", lambda: str(copy))
    load_content.cache_clear()
    try:
        with pytest.raises(ContentError, match=r"repeated la_code \['822'\]"):
            load_content()
    finally:
        load_content.cache_clear()


def test_the_readme_steps_add_a_council(monkeypatch, tmp_path):
    """README.md "Adding a council", step by step, on a copy of the content."""
    readme = (REPO / "README.md").read_text("utf-8")
    steps = readme.split("## Adding a council", 1)[1].split("\n## ", 1)[0]
    for words in ("councils.yaml", "local_authorities/", "extends: england", "sources.yaml"):
        assert words in steps
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    # 1. The council's id and name, from councils.yaml.
    council = load_content().councils["luton"]
    # 2. A copy of bedford.yaml under the council's id, with its id and name.
    pack = _pack_for(council.id, council.name)
    # 3. Contacts only from a source cited in sources.yaml: add the council's page there.
    pack = pack.replace("source: bedford-send-team", "source: luton-send-team")
    pack = pack.replace(
        "sources: [bedford-disagree, bedford-send-team]", "sources: [luton-send-team]"
    )
    pack = pack.replace("source: bedford-disagree", "source: luton-send-team")
    (copy / "local_authorities" / "luton.yaml").write_text(pack, "utf-8")
    sources = (copy / "sources.yaml").read_text("utf-8")
    sources += (
        "  luton-send-team:\n"
        "    title: Luton Borough Council, SEND (an example source for this test)\n"
        "    url: https://www.luton.gov.uk/\n"
        "    took_effect: 2026-12-01\n"
    )
    (copy / "sources.yaml").write_text(sources, "utf-8")
    monkeypatch.setattr(_content, "_content_folder", lambda: str(copy))
    load_content.cache_clear()
    try:
        content = load_content()
    finally:
        load_content.cache_clear()
    result = assess(facts_for("luton"), content)
    assert (result.local_authority, result.local_authority_name) == ("luton", council.name)
    assert content.local_authorities["luton"].has_own_pack
    assert result.route("local-authority-send-team").contact.source.title.startswith("Luton")
