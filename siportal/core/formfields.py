"""The default cleaning of every form's text fields: control and format characters are dropped.

Installed once from ``CoreConfig.ready()`` on Django's ``forms.CharField`` (and so on its subclasses, the admin's
forms and third-party forms alike), because a mixin would have to be remembered on every form. Exceptions:
- password fields keep exactly what was typed (a password is compared, never shown);
- a textarea keeps tab and line breaks;
- a field carrying a ``VisibleTextValidator`` (names) keeps the characters, so that the validator refuses the
  value with a message instead of storing a name that differs from what the user sees.
"""

from django import forms

from .text import strip_invisible
from .validators import VisibleTextValidator

_original_to_python = forms.CharField.to_python


def _refuses_invisible(field) -> bool:
    return any(isinstance(v, VisibleTextValidator) for v in field.validators)


def cleaned_to_python(self, value):
    value = _original_to_python(self, value)
    if not isinstance(value, str) or not value or isinstance(self.widget, forms.PasswordInput):
        return value
    if _refuses_invisible(self):
        return value
    cleaned = strip_invisible(value, multiline=isinstance(self.widget, forms.Textarea))
    if self.strip:
        cleaned = cleaned.strip()
    return cleaned if cleaned else self.empty_value


def install() -> None:
    """Make ``cleaned_to_python`` the ``to_python`` of every ``forms.CharField`` (idempotent)."""
    forms.CharField.to_python = cleaned_to_python
