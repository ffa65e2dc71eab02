"""Jobs retried with back-off: django-tasks records a failure but never retries, so a failed
attempt enqueues the next one itself, later each time, before the failure is recorded."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

ATTEMPTS = 5
FIRST_DELAY = timedelta(seconds=10)


def delay_before(attempt: int, first: timedelta = FIRST_DELAY) -> timedelta:
    """Before attempt 2: 10 s, then 30 s, 90 s, 270 s (about 7 minutes in all)."""
    factor: int = 3 ** (attempt - 2)  # an int for attempt >= 2 (typeshed says Any)
    return first * factor


def retried(
    *,
    queue_name: str = "default",
    attempts: int = ATTEMPTS,
    on_give_up: Callable[..., None] | None = None,
) -> Callable[[Callable[..., Any]], Any]:
    """A django-tasks task that is tried up to `attempts` times. Its arguments must be JSON
    (ids, not rows) and the function idempotent: an attempt that failed half-way runs again.
    `on_give_up(*args, **kwargs)` runs after the last failure."""

    def decorate(function: Callable[..., Any]) -> Any:
        @functools.wraps(function)
        def attempt_once(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except Exception:
                if attempt < attempts and job.get_backend().supports_defer:
                    later = timezone.now() + delay_before(attempt + 1)
                    job.using(run_after=later).enqueue(*args, attempt=attempt + 1, **kwargs)
                    logger.warning("%s failed (attempt %d); retrying", job.name, attempt)
                else:
                    logger.error("%s failed (attempt %d); giving up", job.name, attempt)
                    if on_give_up is not None:
                        on_give_up(*args, **kwargs)
                raise

        job = task(queue_name=queue_name)(attempt_once)
        return job

    return decorate
