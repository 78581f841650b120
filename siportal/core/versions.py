"""Data versions: what a page computes from a tenant's data, cached until that data changes.

A *scope* names a slice of data — ``sub:unit:17`` (unit 17's submissions), ``members:unit:17`` (its staff list),
``sub:region:5`` (what region 5's reviewers see). Each scope has a *token* in the shared cache, a random string
replaced by :func:`bump` whenever a write to that slice commits. :func:`cached` stores a computed value under the
tokens of the scopes it was computed from, so a bump makes every older value unreachable at once: nothing is ever
deleted or served stale, and a value is shared by every user of the same tenant.

Why it is safe without locks: a reader that computed from data older than a commit stores its value under the
token the commit's bump has already replaced (or replaces right after), which no later reader asks for. A token
evicted from the cache comes back as a new random one, never as an old one.

Writers bump through model signals (``save``/``delete``) and, for bulk writes that bypass them (``update()``,
COPY), by calling :func:`bump` themselves; the bump runs after the transaction commits.

Only with a cache shared by every process (``DATA_VERSIONS``, on by default with Redis): with the per-process
local-memory cache of the embedded default (``make run``: web server and worker are two processes) a worker's
bump would not reach the web server, so values are computed afresh on every request there.
"""

import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

#: Cache keys of tokens start with this (tests forget them all between tests: ``forget_all``).
TOKEN_PREFIX = "dv:"
#: Computed values expire after this many seconds even if nothing changes (memory, not correctness).
VALUE_TIMEOUT = 15 * 60


def enabled() -> bool:
    return bool(getattr(settings, "DATA_VERSIONS", False))


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


def owner_scope_name(data: str, owner) -> str:
    """The scope of ``data`` ("sub", "jobs", …) of one owner, a unit or a person: ``sub:unit:17``."""
    return f"{data}:{owner._meta.model_name}:{owner.pk}"


def tokens(scopes) -> tuple[str, ...]:
    """The current token of each scope (one cache round trip; a missing token is created). Within a web request
    a token read once is reused until a bump (the page's counts and its list read the same scope)."""
    memo = getattr(_request, "tokens", None)
    keys = [TOKEN_PREFIX + s for s in scopes]
    found = {key: memo[key] for key in keys if key in memo} if memo is not None else {}
    missing = [key for key in keys if key not in found]
    if missing:
        read = _completed(missing, cache.get_many(missing))
        found.update(zip(missing, read, strict=True))
        if memo is not None:
            memo.update(zip(missing, read, strict=True))
    return tuple(found[key] for key in keys)


def _completed(keys, found) -> tuple[str, ...]:
    """The tokens of ``keys`` as read in ``found``, the missing ones created."""
    for key in keys:
        if key not in found:
            token = _new_token()
            # another process may create it at the same moment: the first one stays, and everybody reads it
            found[key] = token if cache.add(key, token, None) else (cache.get(key) or token)
    return tuple(found[key] for key in keys)


def prefetch(scopes) -> None:
    """Read the tokens of ``scopes`` now, in one round trip, for the rest of the request (a page that reads
    several scopes at different places of its code)."""
    if enabled():
        tokens(scopes)


def bump(*scopes: str) -> None:
    """Give ``scopes`` new tokens now and again once the current transaction commits.

    The second renewal is what makes readers right: a value computed while the transaction was still open (from
    the data before it) was stored under the first new token, which the commit replaces. The first one lets the
    writing transaction itself (and tests, whose transactions never commit) read its own writes."""
    if not enabled() or not scopes:
        return
    renewal = Renewal(TOKEN_PREFIX + s for s in scopes)
    if transaction.get_connection().in_atomic_block:
        renewal()
    transaction.on_commit(renewal)


class Renewal:
    """New tokens for some keys (an after-commit callback of ``bump``; tests that count queued tasks skip it)."""

    def __init__(self, keys):
        self.keys = set(keys)

    def __call__(self):
        cache.set_many({key: _new_token() for key in self.keys}, None)
        memo = getattr(_request, "tokens", None)
        if memo is not None:
            for key in self.keys:
                memo.pop(key, None)


def cached(scopes, key: str, compute, timeout: int = VALUE_TIMEOUT):
    """``compute()``, or the value it returned for ``key`` while none of ``scopes`` changed. ``key`` names
    everything else the value depends on (the view, the owner, the query string, the language).

    Values are kept in the shared cache and, once read, in this process (``_local``): a value under a current
    token is never stale, so after the tokens' round trip a page often needs no other."""
    if not enabled():
        return compute()
    full_key = "dvv:" + key + ":" + ".".join(tokens(scopes))
    value = _local.get(full_key)
    if value is None:
        value = cache.get(full_key)
        if value is None:
            value = compute()
            cache.set(full_key, value, timeout)
        with _local_lock:
            if len(_local) >= LOCAL_VALUES:
                _local.clear()
            _local[full_key] = value
    return value


def cached_one_trip(scopes, key: str, compute, timeout: int = VALUE_TIMEOUT):
    """``cached`` in one cache round trip when the value is there (for values read on every request): the value
    is kept under ``key`` alone together with the tokens it was computed under, read along with the current
    tokens, and served only if they are the same. As safe as ``cached``: the tokens kept are those read before
    computing. Values computed under other tokens replace each other instead of living side by side."""
    if not enabled():
        return compute()
    keys = [TOKEN_PREFIX + s for s in scopes]
    value_key = "dvo:" + key
    found = cache.get_many([*keys, value_key])
    kept = found.pop(value_key, None)
    current = _completed(keys, found)
    if kept is not None and kept[0] == current:
        return kept[1]
    value = compute()
    cache.set(value_key, (current, value), timeout)
    return value


#: Values kept per process (cleared when full; any of them is also in the shared cache).
LOCAL_VALUES = 2000
_local: dict = {}
_local_lock = threading.Lock()
#: The tokens read during the current web request (``request_started`` / ``request_finished``).
_request = threading.local()


def _request_started(**kwargs):
    _request.tokens = {}
    _request.session_key = None


def _request_finished(**kwargs):
    memo, session_key = getattr(_request, "tokens", None), getattr(_request, "session_key", None)
    if memo and session_key:
        with _local_lock:
            if len(_hints) >= HINTS:
                _hints.clear()
            _hints[session_key] = tuple(memo)
    _request.tokens = _request.session_key = None


#: Per session, the token keys its last request in this process read (``siportal.core.sessions``).
HINTS = 10_000
_hints: dict = {}


def hint_for(session_key) -> tuple[str, ...]:
    """The token keys to read along with this session (none outside a request or with data versions off)."""
    if not enabled() or getattr(_request, "tokens", None) is None or settings.SESSION_CACHE_ALIAS != "default":
        return ()
    return _hints.get(session_key, ())


def prefetched(keys, found) -> None:
    """The tokens of ``keys`` read with the session: kept for this request like any token read."""
    memo = getattr(_request, "tokens", None)
    if memo is not None:
        memo.update((key, found[key]) for key in keys if key in found)


def note_session(session_key) -> None:
    """The request's session (its hint is recorded when the request finishes)."""
    if getattr(_request, "tokens", None) is not None:
        _request.session_key = session_key


request_started.connect(_request_started, dispatch_uid="versions.request_started")
request_finished.connect(_request_finished, dispatch_uid="versions.request_finished")


def forget_all() -> None:
    """Drop every token and this process's values (tests: each starts afresh, so nothing computed in another test
    is reused for rows that got the same ids)."""
    _local.clear()
    client = getattr(cache, "_cache", None)
    if client is not None and hasattr(client, "get_client"):  # Redis: only this module's keys
        redis = client.get_client(write=True)
        pattern = cache.make_and_validate_key(TOKEN_PREFIX) + "*"
        batch = list(redis.scan_iter(match=pattern, count=1000))
        if batch:
            redis.delete(*batch)
    else:
        cache.clear()
