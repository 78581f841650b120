"""The one base of the refusals services raise, and the one way a view shows one.

A service refuses with a subclass of ``DomainError`` whose ``str()`` is the Chinese message for the user; a view
calls the service and, on a ``DomainError``, calls ``error_message(request, exc)`` — nothing else. Per-field or
per-row detail (``LinesRefused.errors``) stays on the exception for the forms that can show it in place.
"""

from django.contrib import messages


class DomainError(Exception):
    """A business rule refused the action; ``str(exc)`` says what is wrong and where, in the user's language."""

    @property
    def message(self) -> str:
        return str(self)


def error_message(request, exc: DomainError) -> None:
    """Show a refusal on the next page (Django messages, level error)."""
    messages.error(request, str(exc))
