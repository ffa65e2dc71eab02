"""Turning a visitor's finished journey (answers in the session) into a new case."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from web.journey.answers import SESSION_KEY, Answers, UnusableAnswers


def finished_answers(request: HttpRequest) -> Answers | None:
    try:
        answers = Answers.from_session(request.session.get(SESSION_KEY))
    except UnusableAnswers:
        return None
    return answers if answers.complete() else None


def has_finished_journey(request: HttpRequest) -> bool:
    return finished_answers(request) is not None


def initial_from(answers: Answers) -> dict[str, Any]:
    return {"setting": answers.setting, "council": answers.council, "concern": answers.concern}


def forget_journey(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
