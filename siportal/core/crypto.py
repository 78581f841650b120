"""Short secrets kept at rest only encrypted (Fernet: AES-128-CBC + HMAC-SHA256), under keys derived from
``SECRET_KEY`` per purpose; older keys in ``SECRET_KEY_FALLBACKS`` still open what they sealed."""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac


class SealBroken(Exception):
    """The sealed text was altered, sealed under another key or purpose, or is older than allowed."""


def _fernet(purpose: str) -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([
        Fernet(base64.urlsafe_b64encode(salted_hmac("siportal.core.crypto", purpose, secret=key,
                                                    algorithm="sha256").digest()))
        for key in keys
    ])


def seal(text: str, *, purpose: str) -> str:
    """Encrypt and authenticate ``text`` for ``purpose``; the result is ASCII, safe for a text column."""
    return _fernet(purpose).encrypt(text.encode()).decode("ascii")


def unseal(token: str, *, purpose: str, max_age: int | None = None) -> str:
    """The text ``seal`` encrypted; ``max_age`` (seconds) refuses older seals. Raises ``SealBroken``."""
    try:
        return _fernet(purpose).decrypt(token.encode("ascii"), ttl=max_age).decode()
    except (InvalidToken, UnicodeError, ValueError) as exc:
        raise SealBroken(str(exc)) from None
