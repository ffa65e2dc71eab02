"""A fixed-window count per client in a Django cache: the partner API's limit (web/api) and the
limit on new anonymous sessions (web/accounts/throttle.py) count with it.

Counts live in local memory by default (settings.CACHES), so each gunicorn worker counts on its
own: a client gets up to (workers x limit) in a window. Point the cache at a shared one
(database, memcached, Redis) for one count. Keys hold a keyed hash, never an address.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import caches


def hashed(value: str) -> str:
    secret = settings.SECRET_KEY.encode()[:64]  # blake2b takes a key of at most 64 bytes
    return hashlib.blake2b(value.encode(), key=secret, digest_size=16).hexdigest()


def seconds_until_allowed(
    cache_alias: str, scope: str, client: str, limit: int, window: int
) -> int:
    """Counts one more for `client` (already hashed) in `scope`; 0 if that is within `limit`
    in this window of `window` seconds, else the seconds until the next window."""
    now = time.time()
    key = f"{scope}:{int(now // window)}:{client}"
    cache = caches[cache_alias]
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the window's count expired between add and incr: a new window
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil(window - now % window))
