"""Account e-mails are sent by a queued job, not in the request (web/accounts/emails.py): the
request stores only the kind of e-mail, the user's id and the site's address; the worker makes
the link and sends it; a mail server that refuses it gets it again later."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.personas import PASSWORD
from web.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_enqueues_the_confirmation_and_the_worker_sends_it(client, smtp, run_jobs):
    response = client.post(
        reverse("accounts:sign_up"), {"email": "parent@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert smtp.messages == []  # nothing sent inside the request
    job = DBTaskResult.objects.get()
    user = User.objects.get(email="parent@example.com")
    assert job.args_kwargs == {
        "args": ["verification", user.pk, "http://testserver"],
        "kwargs": {},
    }
    assert "@" not in json.dumps(job.args_kwargs)  # no address (and no token) in the queue
    assert run_jobs() == 1
    body = smtp.last_body()
    assert "http://testserver/account/confirm/" in body
    link = body.split("http://testserver", 1)[1].split()[0]
    assert client.get(link).status_code in (200, 302)
    user.refresh_from_db()
    assert user.email_verified


def test_a_refused_e_mail_is_sent_again_later(client, smtp, run_jobs, owner):
    smtp.refuse = "451 4.3.0 Try again later"
    client.post(reverse("accounts:reset"), {"email": owner.email})
    assert run_jobs() == 1
    assert smtp.refused == 1 and smtp.messages == []
    DBTaskResult.objects.filter(status="READY").update(run_after="2000-01-01T00:00:00Z")
    smtp.refuse = None
    assert run_jobs() == 1
    assert smtp.wait()[0]["Subject"] == "Reset your password"


def test_no_e_mail_for_an_account_deleted_before_the_job_ran(client, smtp, run_jobs, owner):
    client.post(reverse("accounts:reset"), {"email": owner.email})
    owner.delete()
    assert run_jobs() == 1
    assert smtp.messages == [] and DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_worker_command_loads_the_pdf_fonts_then_runs_the_jobs(
    client, smtp, database_queue, owner
):
    client.post(reverse("accounts:reset"), {"email": owner.email})
    out = io.StringIO()
    call_command("worker", "--batch", "--no-startup-delay", "-v", "1", stdout=out)
    assert "PDF fonts loaded in" in out.getvalue()
    assert smtp.wait()[0]["Subject"] == "Reset your password"
