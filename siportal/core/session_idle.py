"""The idle timeout without a write per request: a session's expiry is renewed at most once a minute."""

import time

from django.conf import settings

SEEN_KEY = "_idle_seen"


class SessionIdleMiddleware:
    """Renew the session's expiry (``SESSION_COOKIE_AGE`` from now) when the last renewal is older than
    ``SESSION_REFRESH_SECONDS``; otherwise leave the session unwritten.

    The stored expiry then lags the last request by at most the refresh interval, so a session idle for
    ``SESSION_COOKIE_AGE`` always ends (a little earlier at most, never later). Requests that never read the
    session (anonymous pages, static files) are left alone. Sits just inside ``SessionMiddleware``, which saves
    the session when this marks it modified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        if session.modified or now - session.get(SEEN_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[SEEN_KEY] = now
        return response
