"""The reminder e-mail: plain English, the date, what to do, a link to the case.

Nothing sensitive goes in it: no council, no events, no documents, no notes; the child's first
name only if the parent lets us (otherwise "your child"). The subject line, which phones show on
a locked screen, says only how far away a deadline is.
"""

from __future__ import annotations

from datetime import date
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.urls import reverse

from send_redress import DeadlineResult, duty_holder, long_date

from . import tokens


def absolute(path: str) -> str:
    return f"{settings.SERVICE_BASE_URL}{path}"


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(reverse("reminders:unsubscribe", args=[tokens.make(user_id, kind)]))


def list_unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail apps POST "List-Unsubscribe=One-Click" to the URL."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "Message-ID": make_msgid(domain=str(DNS_NAME)),
    }


def on(day: date) -> str:
    """ "Monday 8 February 2027": the weekday helps people place a date."""
    return f"{day:%A} {long_date(day)}"


def first_name(child_name: str) -> str:
    parts = child_name.split()
    return parts[0] if parts else ""


def when(days_left: int) -> str:
    if days_left == 0:
        return "today"
    if days_left == 1:
        return "tomorrow"
    return f"in {days_left} days"


def what_to_do(deadline: DeadlineResult, child: str) -> str:
    if deadline.whose == "parent":
        return (
            "This is a time limit for you. "
            f"{deadline.rule} "
            "If you have already done this, add it to the case file and we will stop reminding "
            "you about it."
        )
    return (
        f"This is a date {duty_holder(deadline.whose)} must meet. "
        f"{deadline.rule} "
        "If the council has done this, add the date to the case file and we will stop "
        "reminding you. If it has not done it by then, the case file shows what you can do "
        f"next for {child}."
    )


def _section(deadline: DeadlineResult, today: date, child: str) -> str:
    days_left = (deadline.due - today).days
    return (
        f"{deadline.name}\n"
        f"Date: {on(deadline.due)} ({when(days_left)})\n\n"
        f"What to do: {what_to_do(deadline, child)}"
    )


def deadline_reminder(
    *,
    user_id: int,
    email: str,
    case_public_id: object,
    child_name: str,
    include_child_name: bool,
    deadlines: list[DeadlineResult],
    today: date,
) -> EmailMessage:
    """One e-mail for a case's reminders due today, nearest deadline first."""
    deadlines = sorted(deadlines, key=lambda d: (d.due, d.id))
    nearest = (deadlines[0].due - today).days
    child = first_name(child_name) if include_child_name else ""
    whose_case = f"{child}’s case file" if child else "your child’s case file"
    many = len(deadlines) > 1
    if many:
        subject = f"SEND deadlines: the first is {when(nearest)}, {on(deadlines[0].due)}"
    elif nearest == 0:
        subject = f"A SEND deadline is today, {on(deadlines[0].due)}"
    else:
        subject = f"A SEND deadline is {when(nearest)}: {on(deadlines[0].due)}"
    case_url = absolute(reverse("cases:dashboard", args=[case_public_id]))
    unsubscribe = unsubscribe_url(user_id, tokens.DEADLINES)
    preferences = absolute(reverse("reminders:preferences"))
    intro = (
        f"This is a reminder about {len(deadlines)} deadlines in {whose_case}."
        if many
        else f"This is a reminder about a deadline in {whose_case}."
    )
    sections = "\n\n".join(_section(d, today, child or "your child") for d in deadlines)
    body = (
        f"{intro}\n\n{sections}\n\n"
        f"See the case file (you will need to sign in):\n{case_url}\n\n"
        "---\n"
        "You get these reminders because you have a case file on SEND Redress.\n"
        f"Change when we remind you:\n{preferences}\n"
        f"Stop deadline reminders:\n{unsubscribe}\n"
    )
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
        headers=list_unsubscribe_headers(unsubscribe),
    )
