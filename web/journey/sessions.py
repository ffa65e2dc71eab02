"""Sessions that never change under their key, so each worker can keep them in its own memory.

Every journey page reads the answers. In the database session backend that is a query, and
under gunicorn with `CONN_MAX_AGE = 0` a new database connection, on every request: most of a
question page's cost. Django's `cached_db` backend with a local-memory cache saves that, but
alone it is wrong with more than one worker: worker A caches the session, worker B saves a new
answer (to the database and its own cache), and A goes on serving the old answers.

So a session's contents never change under its key. `SessionMiddleware` (in place of Django's)
gives a changed session a new key when it saves it: the new contents go to the database and
this worker's cache under the new key, and the browser gets the new key in its cookie. A
worker can then trust any copy it holds, and only a key it has never seen costs a query. The
old key keeps its old contents until they expire (4 hours after they were written, so never
later than the new ones): a second click on a button still finds a session, as it would with
Django's backends. A session emptied by the request (start again) is deleted, cookie and all.

Settings (web/settings.py):

    SESSION_ENGINE = "web.journey.sessions"
    SESSION_CACHE_ALIAS = "sessions"   # a LocMemCache
    MIDDLEWARE: "web.journey.sessions.SessionMiddleware" in place of Django's

Answers stay on the server: the cookie holds only the random key.

Signed-in sessions are different: a new key on every change would leave older keys that are
still signed in (a stolen old cookie would outlive sign-out). So a session that holds a signed-in
user is never cached and never renewed: it is read from and written to the database only, where
it has one key that sign-out deletes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY as SIGNED_IN
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse


class SessionStore(CachedDBStore):
    cache_key_prefix = "web.journey.sessions:"

    def load(self) -> dict[str, Any]:
        """From this worker's cache if it holds the key (only visitors' sessions are ever
        cached), otherwise from the database."""
        try:
            cached: dict[str, Any] | None = self._cache.get(self.cache_key)
        except Exception:
            cached = None
        if cached is not None:
            return cached
        row = self._get_session_from_db()
        if row is None:
            return {}
        data: dict[str, Any] = self.decode(row.session_data)
        if SIGNED_IN not in data:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=row.expire_date))
        return data

    def save(self, must_create: bool = False) -> None:
        if SIGNED_IN in self._get_session(no_load=must_create):
            DBStore.save(self, must_create=must_create)
            self._cache.delete(self.cache_key)
        else:
            super().save(must_create=must_create)

    def renew(self) -> None:
        """Keep the contents, lose the key: the next save() writes them under a new key."""
        data = self._session
        self._session_key = None
        self._session_cache = data
        self.modified = True


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session: Any = getattr(request, "session", None)
        if isinstance(session, SessionStore) and session.modified and response.status_code < 500:
            if session._session:
                if SIGNED_IN not in session._session:
                    session.renew()
            elif session.session_key:
                session.flush()  # emptied: delete it now; the cookie goes below
        return super().process_response(request, response)  # type: ignore[no-any-return]
