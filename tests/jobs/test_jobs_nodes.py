"""Two web nodes that share nothing but PostgreSQL and a document volume, and two queue workers.

Two gunicorn instances on two loopback ports (one process each, so nothing can come from a
shared worker's memory) and two `manage.py worker` processes, all against the test database.
One browser's cookies go to both nodes in turn: a journey answered alternately on each, then a
sign-in on one, an upload on the other, the download on the first, and a chronology asked for
on one, watched on the other and downloaded on the first. Then 100 e-mail jobs through the two
workers: exactly 100 messages arrive, and each job was claimed by one worker only.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.mail import Inbox, free_port
from tests.personas import PASSWORD, pdf_bytes
from web.cases.models import Document

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


class Form(HTMLParser):
    """The page's first POST form: its action, hidden fields, first choice of each radio or
    checkbox group or select, and the names of its text boxes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.action: str | None = None
        self.inside = self.done = False
        self.fields: dict[str, str] = {}
        self.texts: list[str] = []
        self.select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("method", "").lower() == "post":
            self.inside, self.action = True, a.get("action", "")
        elif tag == "input" and self.inside and a.get("name"):
            kind = a.get("type", "text")
            if kind == "hidden" or (kind in {"radio", "checkbox"} and a["name"] not in self.fields):
                self.fields[a["name"]] = a.get("value", "")
            elif kind in {"text", "email", "password", "number"}:
                self.texts.append(a["name"])
        elif tag == "select" and self.inside:
            self.select = a.get("name")
        elif tag == "option" and self.select and a.get("value"):
            self.fields.setdefault(self.select, a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "select":
            self.select = None


class Browser:
    """One person's cookies, sent to whichever node a request goes to. Redirects are not
    followed, so each request goes to the node the test names."""

    def __init__(self) -> None:
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                return None

        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirect(),
        )

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            return response.status, dict(response.headers), response.read()

    def get(self, url: str):
        return self.request(url)

    def post(self, url: str, fields: dict[str, str]):
        return self.request(url, urllib.parse.urlencode(fields).encode())

    def upload(self, url: str, fields: dict[str, str], name: str, data: bytes):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="document"; filename="{name}"'
            "\r\nContent-Type: application/pdf\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(
            url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )


def answers_for(form: Form) -> dict[str, str]:
    when = date.today() - timedelta(days=60)
    fields = dict(form.fields)
    for name in form.texts:
        part = name.rsplit("-", 1)[-1]
        fields[name] = str({"day": when.day, "month": when.month, "year": when.year}[part])
    return fields


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{log.read_text()}")
        try:
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
                f"http://127.0.0.1:{port}/", timeout=2
            )
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"port {port} did not open:\n{log.read_text()}")


def wait_for_line(log: Path, text: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while text not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {text!r}:\n{log.read_text()}")
        time.sleep(0.1)


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    box, port = Inbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture
def cluster(tmp_path, document_root, inbox, database_queue) -> Iterator[list[str]]:
    """Two nodes (their base URLs) and two queue workers, stopped by their PIDs at the end."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.jobs.node_settings",
        "PYTHONPATH": str(ROOT),
        "SEND_REDRESS_DATABASE": url,
        "SEND_REDRESS_DOCUMENT_ROOT": str(document_root),  # the volume both nodes mount
        "SEND_REDRESS_SMTP_HOST": "127.0.0.1",
        "SEND_REDRESS_SMTP_PORT": str(inbox[1]),
    }
    processes: list[subprocess.Popen] = []
    bases = []
    try:
        for name in ("a", "b"):
            port, log = free_port(), tmp_path / f"node-{name}.log"
            node = start(
                [str(BIN / "gunicorn"), "web.wsgi:application", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--no-control-socket"],
                env, log,
            )  # fmt: skip
            processes.append(node)
            wait_for_port(port, node, log)
            bases.append(f"http://127.0.0.1:{port}")
            log = tmp_path / f"worker-{name}.log"
            worker = start(
                [str(BIN / "python"), "manage.py", "worker", "--interval", "0.05",
                 "--worker-id", f"worker-{name}"],
                env, log,
            )  # fmt: skip
            processes.append(worker)
            wait_for_line(log, "Starting worker", worker)
        yield bases
    finally:
        for process in processes:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


def test_a_journey_and_a_case_across_two_nodes_and_two_workers(cluster, case, inbox):
    a, b = cluster
    browser = Browser()

    # A journey, each request to the other node from the last.
    status, headers, _ = browser.get(a + "/start")
    assert status == 302
    path, turn = urllib.parse.urlsplit(headers["Location"]).path, 1
    for _ in range(40):
        if path.rstrip("/").endswith("/result"):
            break
        if path == "/check-your-answers":  # its button is a link to the result
            status, _, html = browser.get(cluster[turn % 2] + path)
            assert status == 200 and 'href="/result"' in html.decode()
            path, turn = "/result", turn + 1
            continue
        node = cluster[turn % 2]
        status, headers, html = browser.get(node + path)
        assert status == 200, (node, path)
        form = Form(html.decode())
        turn += 1
        status, headers, _ = browser.post(cluster[turn % 2] + path, answers_for(form))
        assert status == 302, (path, status)
        path = urllib.parse.urlsplit(headers["Location"]).path
        turn += 1
    status, _, html = browser.get(cluster[turn % 2] + path)
    assert status == 200 and "<title>Your options" in html.decode()

    # A case: sign in on A, upload on B, download on A.
    owner = case.owner
    _, _, html = browser.get(a + "/account/sign-in")
    fields = {**Form(html.decode()).fields, "email": "owner@example.com", "password": PASSWORD}
    status, _, _ = browser.post(a + "/account/sign-in", fields)
    assert status == 302
    cases = f"/cases/{case.public_id}/"
    status, _, html = browser.get(b + cases)
    assert status == 200 and "Sam" in html.decode()
    _, _, html = browser.get(b + cases + "documents/new")
    pdf = pdf_bytes(3)
    status, _, _ = browser.upload(
        b + cases + "documents/new", Form(html.decode()).fields, "letter.pdf", pdf
    )
    assert status == 302
    document = Document.objects.get(case=case)
    status, headers, body = browser.get(a + cases + f"documents/{document.pk}")
    assert status == 200 and body == pdf

    # A chronology: asked for on A, made by a worker, watched on B, downloaded on A.
    status, headers, _ = browser.get(a + cases + "chronology.pdf")
    assert status == 302
    file_page = urllib.parse.urlsplit(headers["Location"]).path
    deadline = time.monotonic() + 60
    while True:
        _, _, html = browser.get(b + file_page)
        if "/download" in html.decode() or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    download = re.search(r'href="([^"]+/download)"', html.decode())
    assert download, html.decode()
    status, headers, body = browser.get(a + download.group(1))
    assert status == 200 and body.startswith(b"%PDF-")

    # 100 e-mails through the two workers: every one sent exactly once.
    from web.accounts.emails import send_account_email

    DBTaskResult.objects.all().delete()
    for _ in range(100):
        send_account_email.enqueue("already-registered", owner.pk, "http://127.0.0.1")
    box = inbox[0]
    box.wait(100, timeout=120)
    time.sleep(1)  # a job run twice would send its e-mail now
    assert len(box.messages) == 100
    results = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert len(results) == 100
    assert all(status == "SUCCESSFUL" and len(ids) == 1 for status, ids in results)
    assert {ids[0] for _, ids in results} == {"worker-a", "worker-b"}
