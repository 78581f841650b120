"""What every accounts service shares: the domain error and the generator of one-time secrets."""

import secrets
import string

from siportal.core.errors import DomainError

LOWER = "abcdefghjkmnpqrstuvwxyz"  # no i, l, o: they are misread on paper and in SMS
UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DIGITS = "23456789"
SYMBOLS = "@#%+=?"


class AccountError(DomainError):
    """A refused account action; ``str(error)`` is the Chinese message to show the user."""


def random_password(length: int = 10) -> str:
    """A random password that satisfies the portal's rules: every character class present, no look-alikes."""
    classes = [UPPER, LOWER, DIGITS, SYMBOLS]
    chars = [secrets.choice(c) for c in classes]
    pool = UPPER + LOWER + DIGITS
    chars += [secrets.choice(pool) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def random_digits(n: int) -> str:
    return "".join(secrets.choice(string.digits) for _ in range(n))
