"""A limit on API requests per client: a fixed window counted in a Django cache
(web/common/ratelimit.py).

Why not django-ratelimit: its own system checks reject the two caches this service has
without a new server (locmem: "not a shared cache"; database: "does not support atomic
increment", django_ratelimit.E003) and it supports only memcached and Redis; its last release
(4.1.0, 2023) names no Django 5 version. The counting it would do is three cache calls, here.

The counts live in the `api-rate-limit` cache (settings.CACHES): local memory by default, so
each gunicorn worker counts on its own and a client can make up to (workers x limit) requests
in a window. Point that alias at a shared cache (database, memcached, Redis) for one count.
A client is its IP address (an IPv6 client by its /64, which one household or office gets);
the key is a keyed hash of it, so the cache never holds an address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from web.common import ratelimit

CACHE_ALIAS = "api-rate-limit"


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR; behind a proxy named by settings.API_CLIENT_IP_HEADER (e.g.
    X-Forwarded-For), the right-most address in that header: the one our proxy added, which
    the client cannot forge (it can only add addresses to the left)."""
    address: str = request.META.get("REMOTE_ADDR", "")  # META holds the WSGI environ's strings
    header = settings.API_CLIENT_IP_HEADER
    if header and request.headers.get(header):
        address = request.headers[header].rsplit(",", 1)[-1].strip()
    return address


def client_key(request: HttpRequest) -> str:
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        network = "unknown"  # every client without a readable address shares one count
    else:
        prefix = 64 if ip.version == 6 else 32
        network = str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
    return ratelimit.hashed(network)


def seconds_until_allowed(request: HttpRequest) -> int:
    """Counts this request; 0 if it is within the limit, else the seconds until the next
    window (for Retry-After)."""
    limit, window = settings.API_RATE_LIMIT
    return ratelimit.seconds_until_allowed(
        CACHE_ALIAS, "api-rate", client_key(request), limit, window
    )
