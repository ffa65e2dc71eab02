"""Settings for bench/web_bench.py: web.settings (production-like: DEBUG off, manifest storage),
plus a bare hello-world view to compare against, a throwaway database and STATIC_ROOT."""

import os
from pathlib import Path

from web.settings import *  # noqa: F403

ROOT_URLCONF = "web_bench_urls"
STATIC_ROOT = Path(os.environ["SEND_REDRESS_BENCH_STATIC_ROOT"])
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# wrk sends every request from 127.0.0.1: the API's limit per client would stop it at once.
API_RATE_LIMIT = (10**9, 60)
