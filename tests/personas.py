"""The people the tests act as, how they sign in, and what they do with a case file (helpers
for every test folder; the fixtures are in tests/conftest.py). Advisers sign in as they do for
real: a password session, then a TOTP code made from their device's key (django_otp.oath.TOTP),
posted to the verify page. No mocks. A case is made by the real service (`new_case`), and
events and documents go in through the real forms (`add_event`, `post_document`)."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.test import Client

PASSWORD = "correct horse battery staple"
CASES_TODAY = date(2027, 2, 1)
"""The day the case-file tests run on (settings.SEND_REDRESS_TODAY)."""


def client_for(user: Any) -> Client:
    """A test client signed in as `user` (password sign-in only: no second factor)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def totp_code(device: Any) -> str:
    """The code the authenticator app shows now, from the device's key."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def device_for(user: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def signed_in_with_code(user: Any) -> Client:
    """A client signed in with password and a real TOTP code."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = client_for(user)
    device = device_for(user)
    # A code is accepted once per 30-second step (replay protection); a second client for
    # the same person in the same step would be refused, as it should be. Tests that need
    # two sessions for one person start each from a fresh step counter.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    response = client.post(reverse("advisers:two_factor_verify"), {"code": totp_code(device)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def sign_in(page: Any, email: str) -> None:
    """Sign in through the sign-in page in a Playwright `page`, with the tests' password."""
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def browser_cookie(client: Client, base_url: str) -> dict[str, str]:
    """`client`'s session cookie for a Playwright context (`context.add_cookies([...])`): the
    browser is then signed in as the test client is (by password, or with a code as well)."""
    from django.conf import settings

    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": base_url}


def member(make_user: Any, email: str, organisation: Any, role: str | None = None) -> Any:
    """A new account for `email`, a member of `organisation` (an adviser unless `role` says
    otherwise); `make_user` is the fixture of that name."""
    from web.advisers.models import ADVISER, Membership

    user = make_user(email)
    Membership.objects.create(user=user, organisation=organisation, role=role or ADVISER)
    return user


# --- a case file ---------------------------------------------------------------------------

DECISION_LETTER = ("decision-notice-sent", date(2026, 12, 11))
"""The README's example: the council's letter refusing to assess Sam, dated 11 December 2026."""


def new_case(
    owner: Any,
    name: str = "Sam",
    *,
    born: date = date(2015, 3, 27),
    setting: str = "maintained-school",
    council: str = "bedford",
    concern: str = "refused-assessment",
    events: Iterable[tuple[str, date]] = (DECISION_LETTER,),
) -> Any:
    """`owner`'s case, made by the real service: by default Sam's in Bedford, a refusal to
    assess with the council's decision letter of 11 December 2026."""
    from web.cases import services

    return services.create_case(
        owner,
        child_name=name,
        child_date_of_birth=born,
        setting=setting,
        council=council,
        concern=concern,
        events=list(events),
    )


def dashboard(client: Client, case: Any) -> str:
    """The case's dashboard as `client` sees it: 200, and never stored by a browser or proxy."""
    from django.urls import reverse

    response = client.get(reverse("cases:dashboard", args=[case.public_id]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.content.decode()


def deadline_due(html: str, deadline_id: str) -> str | None:
    """The ISO date a dashboard gives for a deadline, or None when it lists no such deadline."""
    found = re.search(rf'data-deadline-id="{deadline_id}" data-due="([\d-]+)"', html)
    return found.group(1) if found else None


def date_fields(name: str, day: date) -> dict[str, str]:
    """A GOV.UK date input's three boxes as a form posts them: `name`-day, -month and -year."""
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def add_event(client: Client, case: Any, **fields: Any) -> Any:
    """POST the timeline's "add an event" form: by default the decision letter of 11 December
    2026; `date=` another day, any other keyword a field of the form."""
    from django.urls import reverse

    day = fields.pop("date", DECISION_LETTER[1])
    data = {"kind": DECISION_LETTER[0], **date_fields("date", day), "who": "", "what": "", **fields}
    return client.post(reverse("cases:event_new", args=[case.public_id]), data)


def post_document(client: Client, case: Any, name: str, data: bytes, **fields: Any) -> Any:
    """POST the "add a document" form with a file called `name` (on no event by default)."""
    from django.urls import reverse

    return client.post(
        reverse("cases:document_new", args=[case.public_id]),
        {"document": upload(name, data), "event": "", **fields},
    )


def share_page(case: Any) -> str:
    """The page where the family shares the case with an organisation, or stops sharing."""
    from django.urls import reverse

    return reverse("advisers:sharing", args=[case.public_id])


# Small files of each kind, made the way real ones are.
def pdf_bytes(pages: int = 2) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Decision letter")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def downloaded(response: Any) -> bytes:
    """A file response's bytes (streamed from the documents storage), read to the end, which
    closes its file. (Not response.close(): that signals the end of a request, and on
    PostgreSQL closes the test's database connection.)"""
    return b"".join(response.streaming_content)


def stored_files(root: Any) -> list[str]:
    """The names of the files in the document store (none when it was never made)."""
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


# --- what a page or an e-mail shows -----------------------------------------------------


@functools.cache
def _random_tokens() -> re.Pattern[str]:
    """Random tokens a page or an e-mail carries: a CSRF token, the CSP nonce on each inline
    script, a signed unsubscribe token (web/reminders/tokens.py) at the end of its link."""
    from django.urls import reverse

    unsubscribe = re.escape(reverse("reminders:unsubscribe", args=["-"]).removesuffix("-"))
    return re.compile(
        r'(?<=name="csrfmiddlewaretoken" value=")[^"]*'
        r'|(?<=nonce=")[^"]*'
        rf'|(?<={unsubscribe})[^\s"<>]+'
    )


def shows(page: Any, text: str) -> bool:
    """Whether `page` (a response, or the text of a page or an e-mail) says `text` outside the
    random tokens it carries. By chance a 24-character CSP nonce spells a short name such as
    "Sam" about once in 12,000 pages, so `"Sam" not in response.content` fails at random."""
    body = page if isinstance(page, str) else page.content.decode()
    return text in _random_tokens().sub("", body)
