"""The letters' wording: it loads, names only law it cites, and bad wording fails at load."""

from __future__ import annotations

import re

import msgspec
import pytest

from send_redress import ROUTE_IDS, ContentError
from send_redress.letters import LETTER_TYPES, letter_types_for_route, load_letters
from send_redress.letters._content import LetterText, LineText, _check_letter

# A law or rule named in a letter: a numbered provision, or an instrument by name.
_PROVISION = re.compile(r"\b(section|regulation|article|rule)s? (\d+[A-Z]?(?:\.\d+)?)", re.I)
_INSTRUMENT = re.compile(
    r"(?:[A-Z][A-Za-z-]*\s(?:(?:and|of|for)\s)?)+(?:Act|Regulations|Rules|Protocol)(?:\s\d{4})?"
    r"|UK GDPR"
)


def _texts(letter: LetterText) -> list[tuple[str, tuple[str, ...]]]:
    """Every template in a letter type with the sources it may rely on: a block's own cites;
    for the title, notes and warning, anything the letter cites."""
    every = tuple(s for block in letter.body for s in block.cites)
    out = [(t, every) for t in (letter.title, letter.subject, letter.warning) if t]
    out += [(n.text if isinstance(n, LineText) else n, every) for n in letter.notes]
    for block in letter.body:
        for text in (block.h, block.p, block.heading, *block.items, *block.default_items):
            if text:
                out.append((text, block.cites))
    return out


def test_every_letter_type_loads_with_its_routes():
    letters = load_letters().letters
    assert tuple(letters) == LETTER_TYPES
    for letter in letters.values():
        assert set(letter.routes) <= set(ROUTE_IDS)


def test_routes_offer_their_letters():
    assert letter_types_for_route("school-complaint") == (
        "school-complaint",
        "subject-access-request",
    )
    assert letter_types_for_route("judicial-review") == ("letter-before-claim",)
    assert letter_types_for_route("sendiass") == ()


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_every_law_a_letter_names_is_in_a_source_it_cites(letter_type):
    content = load_letters()
    letter = content.letters[letter_type]
    for text, cites in _texts(letter):
        titles = " | ".join(content.sources[s].title.lower() for s in cites)
        for _word, number in _PROVISION.findall(text):
            assert number.lower() in titles, (letter_type, text, cites)
        for name in _INSTRUMENT.findall(text):
            name = re.sub(r"^(The|A|An|This) ", "", name.strip())
            assert name.lower() in titles, (letter_type, name, text, cites)


def test_the_law_check_would_catch_an_uncited_reference():
    letter = load_letters().letters["request-assessment"]
    [first, *_] = letter.body
    text = first.p
    assert _PROVISION.findall(text) == [("section", "36")]
    assert "Children and Families Act 2014" in _INSTRUMENT.findall(text)


def _with(letter_type: str, **changes: object) -> list[str]:
    content = load_letters()
    raw = msgspec.to_builtins(content.letters[letter_type])
    raw.update(changes)
    return _check_letter(msgspec.convert(raw, type=LetterText), content.sources)


def test_bad_wording_is_caught_at_load():
    assert _check_letter(load_letters().letters["school-complaint"], load_letters().sources) == []
    assert _with("school-complaint", subject="About {chlid_name}") == [
        "letters/school-complaint.yaml: unknown placeholder {chlid_name} in 'About {chlid_name}'"
    ]
    assert _with("school-complaint", title="About {issues}") == [
        "letters/school-complaint.yaml: unknown placeholder {issues} in 'About {issues}'"
    ]
    assert _with("school-complaint", title="About { child_name }") == [
        "letters/school-complaint.yaml: stray brace in 'About { child_name }'"
    ]
    assert _with("school-complaint", body=[{"p": "x", "cites": ["no-such-source"]}]) == [
        "letters/school-complaint.yaml body[0]: unknown source 'no-such-source' (not in sources.yaml)"
    ]
    assert _with("school-complaint", body=[{"p": "x", "h": "y"}]) == [
        "letters/school-complaint.yaml body[0]: needs exactly one of h, p, list, items, deadlines, events"
    ]
    assert _with("school-complaint", body=[{"list": "grounds"}]) == [
        "letters/school-complaint.yaml body[0]: list must name an items field of this letter"
    ]
    assert _with("school-complaint", body=[{"p": "x", "when": ["setting=castle"]}]) == [
        "letters/school-complaint.yaml body[0]: 'castle' is not a value of 'setting' in 'setting=castle'"
    ]
    assert _with("school-complaint", routes=["the-moon"]) == [
        "letters/school-complaint.yaml: unknown route 'the-moon'"
    ]
    assert "letters/school-complaint.yaml: unknown field 'favourite_colour'" in _with(
        "school-complaint", fields={"required": ["favourite_colour"]}
    )


def test_a_missing_letter_file_fails_loudly(tmp_path, monkeypatch):
    from importlib import resources

    from send_redress.letters import _content

    original = resources.files("send_redress.content")
    copy = tmp_path / "content"
    (copy / "letters").mkdir(parents=True)
    (copy / "sources.yaml").write_text(original.joinpath("sources.yaml").read_text("utf-8"))
    (copy / "letters" / "common.yaml").write_text(
        original.joinpath("letters", "common.yaml").read_text("utf-8")
    )
    monkeypatch.setattr(_content.resources, "files", lambda package: copy)
    _content.load_letters.cache_clear()
    try:
        with pytest.raises(ContentError, match="raise-concern.yaml"):
            _content.load_letters()
    finally:
        monkeypatch.undo()
        _content.load_letters.cache_clear()
    assert _content.load_letters().letters
