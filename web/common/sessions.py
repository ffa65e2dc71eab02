"""Django's database sessions, read with one plain SELECT.

Every journey page reads the session. Through the ORM (`Session.objects.get(...)`) that read
cost about three times the query itself (building and compiling a queryset on each request);
this store asks the same question of the same table in one statement and decodes the row as
Django does. Everything else (saving, new keys, expiry, `clearsessions`) is Django's own, and
nothing is kept in a worker's memory, so any web node serves any request (docs/scaling.md).

    SESSION_ENGINE = "web.common.sessions"
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone


class SessionStore(DBStore):
    def load(self) -> dict[str, Any]:
        if self.session_key is None:
            return {}
        connection = connections[router.db_for_read(Session)]
        table = connection.ops.quote_name(Session._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: a new session gets a new key
            return {}
        data: dict[str, Any] = self.decode(row[0])
        return data
