"""Finding sections A to K by their headings, whatever order, heading style, page breaks and
headers and footers a council's layout gives them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from send_redress._plan_check import SECTION_NAMES, SECTIONS, find_sections, heading_of
from send_redress._plan_read import read_text

STYLES = (
    "Section {l}: {name}",
    "SECTION {l} - {upper}",
    "Section {l}",
    "Section {l} – {name}",
    "{l}. {name}",
    "{l}: {name}",
    "Part {l}: {name}",
    "PART {l} {upper}",
    "Section {l} | {name}",
    "section {low}: {name}",
)

# Words that are only ever in one section's body, so that where each line went can be checked.
body_line = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=12, max_size=60).map(
    lambda text: "The child " + " ".join(text.split()) + "."
)


@st.composite
def layouts(draw):
    letters = draw(st.permutations(SECTIONS))
    letters = [letter for letter in letters if draw(st.booleans()) or letter in "BF"]
    # Distinct lines (as a plan's are): a line on the top of every page is a header.
    bodies = {
        letter: [
            f"{text[:-1]} {letter.lower()}{i}x."
            for i, text in enumerate(draw(st.lists(body_line, min_size=1, max_size=4)))
        ]
        for letter in letters
    }
    header = draw(st.sampled_from(["", "EHC Plan for Sam Example - DRAFT", "Confidential"]))
    # A header, when there is one, is on every page, as a word processor puts it.
    lines: list[str] = [header] if header else []
    lines += ["Education, Health and Care Plan", "Contents page follows.", ""]
    for letter in letters:
        style = draw(st.sampled_from(STYLES))
        name = SECTION_NAMES[letter]
        lines.append(style.format(l=letter, low=letter.lower(), name=name, upper=name.upper()))
        for text in bodies[letter]:
            lines += [text, ""] if draw(st.booleans()) else [text]
        if draw(st.booleans()):
            lines.append("\f" + (header + "\n" if header else ""))
    return letters, bodies, "\n".join(lines)


@given(layouts())
@settings(max_examples=150)
def test_every_section_is_found_with_its_own_lines_whatever_the_layout(layout):
    letters, bodies, text = layout
    sections = find_sections(read_text(text))
    assert set(sections.headings) == set(letters)
    for letter in letters:
        got = " ".join(item.text for item in sections.items.get(letter, ()))
        assert got.split() == " ".join(bodies[letter]).split(), letter


@given(st.sampled_from(SECTIONS), st.sampled_from(STYLES))
def test_every_heading_style_names_its_section(letter, style):
    name = SECTION_NAMES[letter]
    assert (
        heading_of(style.format(l=letter, low=letter.lower(), name=name, upper=name.upper()))
        == letter
    )


def test_words_that_only_mention_a_section_are_not_headings():
    for text in (
        "Section F of this plan sets out the provision.",
        "See section B for Sam's needs.",
        "A. Sam likes trains and drawing.",
        "B. Reading",
        "I will help Sam every day.",
        "F is for Freddie.",
        "Sections B and F were agreed at the meeting.",
    ):
        assert heading_of(text) is None, text
    assert heading_of("Section H1: Social care provision") == "H"
    assert heading_of("Section H2") == "H"
    assert heading_of("Section F (continued)") == "F"
    assert heading_of("Section F (see the table)") is None
