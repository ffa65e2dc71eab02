"""Issue 19: a letter states only what the facts show, lists every running deadline of the
sender's own, and speaks in the right sender's voice. Each test drafts a letter from a case
and reads its text back."""

from __future__ import annotations

from typing import Any

import pytest

from send_redress.letters import draft_from_input, notes_to_text, to_text
from tests.documents import flat

from .cases import case

NOT_KNOWN = "Time limits that have passed with no reply I know of"
MISSED = "Legal time limits the council did not meet in time"


def letter_of(letter_type: str, events: dict[str, str] | None = None, **facts: Any):
    data = case(letter_type)
    if events is not None:
        data["events"] = [{"type": t, "date": d} for t, d in events.items()]
    letter_changes = facts.pop("letter", {})
    data.update(facts)
    data["letter"].update(letter_changes)
    return draft_from_input(letter_type, data)


def text_of(letter_type: str, events: dict[str, str] | None = None, **facts: Any) -> str:
    """Everything the sender reads: the letter, then its notes for them (a file apart)."""
    letter = letter_of(letter_type, events, **facts)
    return flat(to_text(letter) + "\n" + notes_to_text(letter))


def body_of(letter_type: str, events: dict[str, str] | None = None, **facts: Any) -> str:
    """The letter itself, without the notes for the sender."""
    letter = letter_of(letter_type, events, **facts)
    return flat(
        " ".join(getattr(b, "text", " ".join(getattr(b, "items", ()))) for b in letter.blocks)
    )


# --- 1. only what the facts show --------------------------------------------------------------


def test_a_passed_limit_with_no_event_is_not_called_missed():
    # Requested 1 September 2026; no decision letter on file. The 6 weeks ended 13 October.
    text = text_of("la-send-team", {"assessment-requested": "2026-09-01"})
    assert NOT_KNOWN in text
    assert "Council decides whether to assess: the legal time limit was 13 October 2026." in text
    assert MISSED not in text
    assert "missed" not in text.lower().replace("did not meet", "")
    # The sender is asked to confirm each line before it goes.
    assert "If the council did reply in time, take that line out" in text


def test_the_16_week_limit_is_listed_only_when_the_council_refused_a_plan():
    for letter_type in ("la-send-team", "la-complaint"):
        text = text_of(letter_type, {"assessment-requested": "2026-09-01"}, concern="delay")
        assert "Council says if it will not issue a plan" not in text
    late = text_of(
        "la-send-team",
        {"assessment-requested": "2026-06-01", "decision-notice-sent": "2026-10-30"},
        concern="refused-plan",
    )
    assert MISSED in late
    assert (
        "Council says if it will not issue a plan: the legal time limit was 21 September 2026,"
        " but this was not done until 30 October 2026." in late
    )


def test_a_limit_met_in_time_is_listed_nowhere():
    text = text_of(
        "la-send-team",
        {"assessment-requested": "2026-09-01", "decision-notice-sent": "2026-10-01"},
        concern="refused-assessment",
    )
    assert "Council decides whether to assess" not in text
    assert MISSED not in text and NOT_KNOWN not in text


def test_the_ombudsman_summary_and_letter_before_claim_use_the_same_headings():
    summary = text_of(
        "ombudsman-summary",
        {
            "assessment-requested": "2026-06-01",
            "became-aware": "2026-09-15",
            "la-complaint-made": "2026-10-05",
            "la-complaint-exhausted": "2026-12-20",
        },
        concern="delay",
    )
    assert NOT_KNOWN in summary and "missed" not in summary.lower()
    assert "Council says if it will not issue a plan" not in summary


# --- 2. every running deadline of the sender's own ---------------------------------------------


def test_a_discrimination_complaint_carries_the_6_month_claim_limit():
    # The claim date (31 May 2027) is long after the reply date: it is in the notes all the same.
    letter = letter_of(
        "school-complaint",
        {"discrimination-occurred": "2026-12-01"},
        concern="disability-discrimination",
    )
    assert letter.response_date is not None and letter.response_date.isoformat() < "2027-05-31"
    notes = flat(" ".join(letter.notes))
    assert "Make a disability discrimination claim: 31 May 2027." in notes


def test_a_send_team_letter_about_a_refusal_carries_the_appeal_date():
    letter = letter_of(
        "la-send-team",
        {"assessment-requested": "2026-11-01", "decision-notice-sent": "2026-12-20"},
        concern="refused-assessment",
        letter={"response_date": "2027-02-03"},
    )
    notes = flat(" ".join(letter.notes))
    assert "Contact the mediation adviser: 20 February 2027." in notes
    assert "Appeal to the Tribunal: 22 February 2027." in notes
    assert "Your own time limit is still running" in notes


def test_the_letter_before_claim_always_warns_that_a_claim_must_be_prompt():
    cases = {
        "continuing failure": ({"decision-notice-sent": "2026-12-15"}, "plan-not-delivered"),
        "date running": ({"decision-notice-sent": "2026-12-15"}, "health-or-care-only"),
        "date passed": ({"decision-notice-sent": "2026-09-01"}, "health-or-care-only"),
        "no decision date": ({"raised-with-local-authority": "2026-12-01"}, "health-or-care-only"),
    }
    for name, (events, concern) in cases.items():
        letter = letter_of("letter-before-claim", events, concern=concern)
        notes = flat(" ".join(letter.notes))
        assert "The claim must be made promptly" in notes, name
    passed = letter_of(
        "letter-before-claim", {"decision-notice-sent": "2026-09-01"}, concern="health-or-care-only"
    )
    assert "the 3 months ended on 1 December 2026" in flat(" ".join(passed.notes))
    assert "still going on" not in flat(" ".join(passed.notes))


# --- 3. the right sender ---------------------------------------------------------------------


def test_a_young_person_writes_in_their_own_voice_in_every_letter():
    from send_redress.letters import LETTER_TYPES

    for letter_type in LETTER_TYPES:
        for asker in ("young-person", "adviser-for-young-person"):
            text = body_of(letter_type, asker=asker)
            assert "my child" not in text.lower(), (letter_type, text)
            assert "as their parent" not in text, letter_type
        regarding = letter_of(letter_type, asker="young-person").regarding
        assert regarding[0].startswith("Young person: Sam Smith"), letter_type


def test_a_parent_with_the_young_persons_consent_says_so_in_every_letter():
    from send_redress.letters import LETTER_TYPES

    for letter_type in LETTER_TYPES:
        letter = letter_of(letter_type, letter={"young_person_consent": True})
        body = body_of(letter_type, letter={"young_person_consent": True})
        assert "agree" in body, letter_type
        assert "my child," not in body, letter_type
        assert letter.regarding[0].startswith("Young person: Sam Smith"), letter_type
        assert any("agreement of your son or daughter" in n for n in letter.notes), letter_type


def test_a_parent_writes_about_my_child():
    assert "my child, Sam Smith" in body_of("la-send-team")
    assert letter_of("la-send-team").regarding[0].startswith("Child: Sam Smith")


def test_the_subject_access_request_asks_for_the_young_persons_own_data():
    text = body_of("subject-access-request", asker="young-person")
    assert "holds about me." in text
    assert "for my child" not in text
    consent = body_of("subject-access-request", letter={"young_person_consent": True})
    assert "has agreed to my asking for their data" in consent


def test_consent_is_refused_when_the_young_person_writes_for_themselves():
    import pytest

    from send_redress.letters import LetterError

    with pytest.raises(LetterError) as error:
        letter_of("la-send-team", asker="young-person", letter={"young_person_consent": True})
    assert "letter.young_person_consent: not used when the young person writes" in str(error.value)


def test_the_claimant_is_the_child_with_the_parent_as_litigation_friend():
    text = body_of("letter-before-claim")
    assert "Sam Smith, a child, by their parent and litigation friend, Alex Smith" in text
    notes = flat(" ".join(letter_of("letter-before-claim").notes))
    assert "with you as their litigation friend" in notes
    young = body_of("letter-before-claim", asker="young-person")
    assert "litigation friend" not in young and "I am Sam Smith, and I write for myself." in young


# --- 4. letters that fit the case, or none ------------------------------------------------------


def _refused(letter_type: str, events: dict[str, str] | None = None, **facts: Any) -> str:
    import pytest

    from send_redress.letters import LetterError

    with pytest.raises(LetterError) as error:
        letter_of(letter_type, events, **facts)
    return str(error.value)


def test_no_certificate_is_asked_for_a_placement_only_appeal():
    events = {"decision-notice-sent": "2026-12-11"}
    message = _refused(
        "mediation-adviser",
        events,
        concern="placement-only",
        letter={"mediation_choice": "certificate", "disagreement": []},
    )
    assert "letter.mediation_choice: an appeal about only the school or setting" in message
    mediation = text_of("mediation-adviser", events, concern="placement-only")
    assert "so that I can appeal" not in mediation
    assert "I wish to appeal" not in mediation
    assert "You do not need a mediation certificate to appeal about only the school" in mediation


def test_no_certificate_is_asked_for_a_health_or_care_only_disagreement():
    events = {"decision-notice-sent": "2026-12-11"}
    message = _refused(
        "mediation-adviser",
        events,
        concern="health-or-care-only",
        letter={"mediation_choice": "certificate", "disagreement": []},
    )
    assert "cannot be appealed to the Tribunal, so there is no certificate" in message
    mediation = body_of("mediation-adviser", events, concern="health-or-care-only")
    assert "appeal" not in mediation.lower()
    assert "the health or social care provision in the EHC plan" in mediation


def test_the_mediation_letter_says_the_parent_wishes_to_appeal_and_names_the_decision():
    body = body_of("mediation-adviser")
    assert (
        "I wish to appeal to the First-tier Tribunal (Special Educational Needs and Disability)"
        " against its decision not to carry out an education, health and care (EHC) needs"
        " assessment." in body
    )
    assert "regulation 33 of the SEND Regulations 2014" in body
    certificate = body_of("mediation-adviser", letter={"mediation_choice": "certificate"})
    assert "you must send me the certificate within 3 working days" in certificate
    assert "should be sent" not in certificate


def test_a_school_discrimination_complaint_speaks_of_disability_and_the_equality_act():
    events = {"discrimination-occurred": "2026-12-01"}
    letter = letter_of("school-complaint", events, concern="disability-discrimination")
    body = body_of("school-complaint", events, concern="disability-discrimination")
    assert letter.subject == "Formal complaint about disability discrimination: Sam Smith"
    assert "discriminated against my child, Sam Smith, because of their disability" in body
    assert "section 85 of the Equality Act 2010" in body and "reasonable adjustments" in body
    assert "sections 20 and 85(6)" in body
    assert "special educational needs" not in body
    assert any("Make a disability discrimination claim: 31 May 2027." in n for n in letter.notes)
    undated = letter_of("school-complaint", {}, concern="disability-discrimination")
    assert any("within 6 months of the discrimination" in n for n in undated.notes)


@pytest.mark.parametrize(
    ("letter_type", "subject", "says"),
    [
        (
            "raise-concern",
            "Concern about how Sam Smith is treated because of their disability",
            "treated unfairly because of their disability",
        ),
        (
            "governors-complaint",
            "Complaint about disability discrimination: Sam Smith: request for the next stage",
            "discriminated against my child, Sam Smith, because of their disability",
        ),
    ],
)
def test_every_school_letter_about_discrimination_speaks_of_the_discrimination(
    letter_type, subject, says
):
    """Issue 15 item 12: a discrimination concern is not about SEN support."""
    events = {"discrimination-occurred": "2026-12-01", "school-complaint-made": "2026-12-10"}
    letter = letter_of(letter_type, events, concern="disability-discrimination")
    body = body_of(letter_type, events, concern="disability-discrimination")
    assert letter.subject == subject
    assert says in body
    assert "special educational needs" not in body and "support for" not in letter.subject
    # Other concerns keep their words.
    support = letter_of(letter_type, {"school-complaint-made": "2026-12-10"})
    assert "support for Sam Smith" in support.subject


def test_for_health_provision_the_letter_before_claim_goes_to_the_nhs_body():
    letter = letter_of(
        "letter-before-claim",
        letter={
            "defendant": "health-body",
            "health_body_name": "Bedfordshire, Luton and Milton Keynes Integrated Care Board",
        },
    )
    body = body_of(
        "letter-before-claim",
        letter={
            "defendant": "health-body",
            "health_body_name": "Bedfordshire, Luton and Milton Keynes Integrated Care Board",
        },
    )
    assert letter.recipient[1] == "Bedfordshire, Luton and Milton Keynes Integrated Care Board"
    assert "section 42(3)" in body
    assert "Bedford Borough Council, which maintains the EHC plan." in body  # interested party
    assert "Children and Families Act 2014, section 42" in " ".join(
        r.title for r in letter.references
    )
    message = _refused("letter-before-claim", letter={"defendant": "health-body"})
    assert "letter.health_body_name: missing" in message


# --- 5. what each recipient needs ---------------------------------------------------------------


def test_request_assessment_states_the_legal_test_and_the_6_weeks():
    body = body_of("request-assessment")
    assert "has or may have special educational needs" in body
    assert (
        "it may be necessary for special educational provision to be made through an EHC plan"
        in body
    )
    assert "as soon as practicable, and in any event within 6 weeks" in body


def test_request_assessment_chases_an_earlier_request_instead_of_restarting_the_clock():
    events = {"assessment-requested": "2026-11-02"}
    letter = letter_of("request-assessment", events)
    body = body_of("request-assessment", events)
    assert "I asked Bedford Borough Council on 2 November 2026" in body
    assert "it is not a new one" in body
    # 6 weeks from 2 November 2026, not from the letter's date
    assert "your decision was due by 14 December 2026. Please send it now." in body
    assert "If you receive this request on" not in body
    assert any("chases that request" in n for n in letter.notes)
    answered = body_of(
        "request-assessment",
        {"assessment-requested": "2026-06-01", "decision-notice-sent": "2026-07-01"},
    )
    assert "If you receive this request on 1 February 2027" in answered


def test_the_send_team_letter_names_the_school_and_cites_section_42_2():
    body = body_of(
        "la-send-team",
        {"raised-with-school": "2026-10-01"},
        concern="plan-not-delivered",
        letter={"school_name": "Oakfield Primary School"},
    )
    assert "Sam Smith goes to Oakfield Primary School." in body
    assert "section 42(2)" in body


def test_the_council_complaint_says_how_the_child_was_affected():
    body = body_of("la-complaint")
    assert "Sam has waited five months without the help an assessment could bring." in body
    assert "How this has affected Sam Smith and my family" in body
    message = _refused("la-complaint", letter={"injustice": []})
    assert "letter.injustice: missing" in message


def test_the_ombudsman_summary_labels_the_reference_explains_lateness_and_lists_enclosures():
    letter = letter_of(
        "ombudsman-summary",
        {"became-aware": "2025-09-15", "la-complaint-made": "2026-10-05"},
        letter={
            "reference": "CMP-123",
            "late_reason": ["I was in hospital for most of 2026."],
            "not_finished_reason": ["The council has not replied for four months."],
            "enclosures": ["The council's letter of 5 October 2026."],
        },
    )
    text = flat(to_text(letter))
    assert "The council's reference: CMP-123" in letter.regarding
    assert "Your reference" not in text
    assert "There is no right of appeal to a tribunal about this." in text
    assert "more than 12 months ago" in text and "I was in hospital for most of 2026." in text
    assert "The council has not yet finished dealing with my complaint." in text
    assert "The council has not replied for four months." in text
    assert "What I am sending with this summary" in text


def test_the_subject_access_request_has_no_fee_one_month_with_its_date_and_panel_minutes():
    body = body_of("subject-access-request")
    assert "You must not charge a fee for this (UK GDPR Article 12(5))." in body
    assert (
        "(Articles 12(3) and 12A). If you receive it on 1 February 2027, that is by 1 March 2027."
        in body
    )
    assert "All of that personal data, including in particular:" in body
    council = body_of("subject-access-request", letter={"sar_to": "council", "school_name": ""})
    assert "SEN panel" in council
    assert "SEN panel" not in body
    custom = body_of("subject-access-request", letter={"records": ["My child's reading tests."]})
    assert "including in particular: My child's reading tests." in custom


def test_the_letter_before_claim_has_every_annex_a_item():
    text = body_of("letter-before-claim")
    for heading in (
        "The proposed claimant",
        "The proposed defendant",
        "The defendant's reference",
        "The claimant's legal advisers",
        "The decision or failure to act",
        "Why I believe it is unlawful",
        "What I want you to do",
        "Interested parties",
        "Information and documents I ask for",
        "Settling this without going to court",
        "Address for reply and for court documents",
        "Your reply",
    ):
        assert heading in text, heading
    assert "I do not have a legal adviser." in text and "None that I know of." in text
    # the sender's own reading of when time started is in the notes, not in the letter
    dated = body_of("letter-before-claim", concern="health-or-care-only")
    assert "Counting from" not in dated
    notes = flat(" ".join(letter_of("letter-before-claim", concern="health-or-care-only").notes))
    assert (
        "Counting from the date on the decision letter, the latest date is 15 March 2027" in notes
    )


def test_the_governors_complaint_cites_the_independent_school_standards_and_the_dcs():
    independent = letter_of(
        "governors-complaint",
        setting="independent-school",
        letter={"copy_to_director": False, "governors_addressee": "proprietor"},
    )
    text = flat(to_text(independent))
    assert independent.recipient[0] == "The Proprietor" and "Dear Proprietor," in text
    assert "Schedule 1, paragraph 33" in text
    chair = letter_of(
        "governors-complaint", setting="independent-school", letter={"copy_to_director": False}
    )
    assert chair.recipient[0] == "The Chair of Governors or the proprietor"
    maintained = letter_of("governors-complaint")
    assert maintained.copies == (
        "Copy to: The Director of Children's Services, Bedford Borough Council",
    )
    message = _refused("governors-complaint", letter={"governors_addressee": "chair"})
    assert "letter.governors_addressee: only for an independent school" in message


def test_raise_concern_uses_the_settings_own_word_and_warns_about_school_holidays():
    college = letter_of(
        "raise-concern", setting="post-16", letter={"school_name": "Bedford College"}
    )
    text = flat(to_text(college))
    assert "I want to work with the college to put this right." in text
    assert "The head of learning support" in college.recipient
    assert any("does not allow for school holidays" in n for n in college.notes)
    nursery = body_of("raise-concern", setting="early-years")
    assert "work with the nursery" in nursery


# --- 6. the file: sign-off with the last paragraph, nothing hidden, who drafted it ------------


def test_every_letter_says_the_service_drafted_it_and_it_is_not_legal_advice():
    from send_redress.letters import LETTER_TYPES

    for letter_type in LETTER_TYPES:
        notes = flat(" ".join(letter_of(letter_type).notes))
        assert "SEND Redress drafted this letter" in notes, letter_type
        assert "information, not legal advice" in notes, letter_type


def test_the_pdf_never_leaves_the_sign_off_alone_on_a_page():
    from send_redress.letters import to_pdf
    from tests.documents import poppler

    near_end = False
    # Longer and longer letters move the end of the body across a page boundary.
    for count in range(2, 12):
        issues = [
            f"Issue {n}: the reading sessions stopped again this week, and nobody told me why"
            " they stopped or when they will start again."
            for n in range(count)
        ]
        letter = letter_of("school-complaint", letter={"issues": issues})
        pages = poppler("pdftotext", to_pdf(letter)).split("\f")
        index = next(i for i, p in enumerate(pages) if "Yours faithfully" in p)
        page = flat(pages[index])
        last_paragraph = "If my complaint is not settled, I will take it to the next stage"
        assert last_paragraph in page, count
        # A page that starts only a little before the end: the boundary fell at the sign-off.
        near_end |= index >= 1 and page.index(last_paragraph) < 200
    assert near_end, "no letter's page break fell near its sign-off: the test proves nothing"


def test_the_docx_file_properties_hold_only_what_the_letter_shows():
    import io
    import zipfile

    from send_redress.letters import to_docx

    letter = letter_of("la-send-team")
    data = to_docx(letter)
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    import re

    values = [v.strip() for v in re.findall(r">([^<]+)<", core) if v.strip()]
    visible = flat(to_text(letter))
    for value in values:
        is_date = re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]+Z", value) is not None
        assert is_date or value in ("en-GB", "1") or value in visible, value
    assert "SEND Redress" not in core and "python-docx" not in core


def test_a_parent_of_a_16_year_old_is_asked_for_the_young_persons_consent():
    older = letter_of("la-send-team", letter={"child_date_of_birth": "2010-09-01"})
    assert any("Your son or daughter is 16 or over" in n for n in older.notes)
    younger = letter_of("la-send-team")  # born 2016
    assert not any("16 or over" in n for n in younger.notes)
    consented = letter_of(
        "la-send-team", letter={"child_date_of_birth": "2010-09-01", "young_person_consent": True}
    )
    assert not any("Your son or daughter is 16 or over" in n for n in consented.notes)
