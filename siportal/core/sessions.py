"""Sessions read from Redis (``cached_db``) together with the data-version tokens the same session's last page
read (``siportal.core.versions``): one cache round trip instead of two on every hall page.

The tokens a page needs depend on its owner, known only once the session is read; so each process remembers, per
session, which tokens its last request read (``versions.hint_for``) and asks for them with the session. A hint
only prefetches: the tokens are read in this request either way, so a wrong or old hint costs a few bytes, never
a stale page.
"""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from . import versions


class SessionStore(CachedDBStore):
    def load(self):
        hint = versions.hint_for(self.session_key) if self.session_key else ()
        if not hint:
            data = super().load()
        else:
            try:
                found = self._cache.get_many([self.cache_key, *hint])
            except Exception:  # as Django's: a key the backend refuses resets the session
                found = {}
            versions.prefetched(hint, found)
            data = found.get(self.cache_key)
            if data is None:
                data = super().load()
        if self.session_key:
            versions.note_session(self.session_key)
        return data
