"""The web benchmarks' server (bench/web_bench.py, bench/load_test.py): gunicorn, 2 sync
workers, on 127.0.0.1 only, with web_bench_settings (web.settings plus a bare hello view) on
SQLite (WAL, BEGIN IMMEDIATE) in a throwaway directory, migrated and with its static files
collected. Bounded: `gunicorn()` stops the server by its PID and removes the directory when the
benchmark ends, also on failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:PORT
    pid: int  # gunicorn's master (its workers are its children)
    work: Path  # the throwaway directory: database, static files, documents, wrk scripts
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        """Run `manage.py ARGS` against the server's database; return what it printed."""
        done = subprocess.run(
            [str(BIN / "python"), str(ROOT / "manage.py"), *args],
            env=self.env, cwd=ROOT, check=True, capture_output=True, text=True,
        )  # fmt: skip
        return done.stdout


@contextmanager
def gunicorn(prefix: str) -> Iterator[Server]:
    """A migrated server, listening, for the length of the `with` block."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    port = free_port()
    env = {
        # The caller's SEND_REDRESS_* settings (a database, a document root) stay out of it.
        **{k: v for k, v in os.environ.items() if not k.startswith("SEND_REDRESS_")},
        "DJANGO_SETTINGS_MODULE": "web_bench_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "SEND_REDRESS_DATABASE": f"sqlite:///{work / 'db.sqlite3'}",
        "SEND_REDRESS_BENCH_STATIC_ROOT": str(work / "static"),
        "SEND_REDRESS_DOCUMENT_ROOT": str(work / "documents"),
    }
    process = None
    try:
        server = Server(f"http://127.0.0.1:{port}", 0, work, env)
        server.manage("migrate", "--noinput", "-v", "0")
        server.manage("collectstatic", "--noinput", "-v", "0")
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "web.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--no-control-socket", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        _wait_for(process, port)
        yield Server(server.base, process.pid, work, env)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def _wait_for(process: subprocess.Popen[bytes], port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"gunicorn stopped before it listened (exit status {process.returncode})"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not listen on 127.0.0.1:{port} within {seconds:.0f} s")
