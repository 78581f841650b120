"""Abuse limits on the anonymous doors, counted in the cache: daily SMS caps per client IP and per mobile, the
CAPTCHA thresholds, and login failures per IP beside django-axes' per-account lock.

Every counter is keyed on what the caller controls (their IP) or on the mobile a message would go to; none
depends on what the registry holds, so hitting a limit tells an anonymous caller nothing about a person.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

DAY_SECONDS = 24 * 3600


def client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown") if request is not None else "none"


def _key(*parts) -> str:
    return ":".join(["abuse", settings.ABUSE_CACHE_PREFIX, *map(str, parts)])


def _day() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def _count(key: str) -> int:
    return cache.get(key) or 0


def _hit(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def _login_window() -> int:
    return int(settings.AXES_COOLOFF_TIME * 3600)


# ---------------------------------------------------------------- SMS
def sms_ip_exhausted(request) -> bool:
    """This client asked for today's maximum of SMS codes (whatever the numbers and IDs it typed)."""
    return _count(_key("sms-ip", _day(), client_ip(request))) >= settings.SMS_DAILY_LIMIT_PER_IP


def sms_ip_hit(request) -> None:
    _hit(_key("sms-ip", _day(), client_ip(request)), DAY_SECONDS)


def sms_mobile_take(mobile: str) -> bool:
    """Count one message to ``mobile``; False when today's cap is reached (the caller then sends nothing)."""
    return _hit(_key("sms-mobile", _day(), mobile), DAY_SECONDS) <= settings.SMS_DAILY_LIMIT_PER_MOBILE


def once_per(seconds: int, *parts) -> bool:
    """True the first time within ``seconds`` for these parts (e.g. one code request per ID number a minute)."""
    return cache.add(_key("once", *parts), 1, seconds)


def sms_captcha_needed(request) -> bool:
    limit = settings.CAPTCHA_AFTER_SMS_SENDS
    return limit is not None and _count(_key("sms-ip", _day(), client_ip(request))) >= limit


# ---------------------------------------------------------------- login
def login_failed(request, login_name: str) -> None:
    """Count a failed login for the client IP and for the account (any IP)."""
    _hit(_key("login-ip", client_ip(request)), _login_window())
    if login_name:
        _hit(_key("login-account", login_name), _login_window())


def login_ip_blocked(request) -> bool:
    """This IP failed ``LOGIN_FAILURE_LIMIT_PER_IP`` times within the lockout window, whichever accounts."""
    return _count(_key("login-ip", client_ip(request))) >= settings.LOGIN_FAILURE_LIMIT_PER_IP


def login_captcha_needed(request, login_name: str = "") -> bool:
    """After a few failures from this IP, or against this account from anywhere, a CAPTCHA comes first."""
    limit = settings.CAPTCHA_AFTER_LOGIN_FAILURES
    if limit is None:
        return False
    return (_count(_key("login-ip", client_ip(request))) >= limit
            or (bool(login_name) and _count(_key("login-account", login_name)) >= limit))


def login_failures_forget(login_name: str) -> None:
    """An unlock or a successful login: the account needs no CAPTCHA any more."""
    cache.delete(_key("login-account", login_name))
