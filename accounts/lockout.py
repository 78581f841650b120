"""django-axes helper: count failed logins per account, whichever login name (username or mobile) was typed.

Enable with ``AXES_USERNAME_CALLABLE = "accounts.lockout.login_name"``; without it, a lock applies to the typed
string, so alternating username and mobile would allow twice the failures.
"""

from django.contrib.auth import get_user_model


def login_name(request, credentials) -> str:
    typed = ((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    if not typed:
        return ""
    username = get_user_model().objects.filter(mobile=typed).values_list("username", flat=True).first()
    return username or typed


def count_failure(sender, credentials, request=None, **kwargs):
    """``user_login_failed``: count the failure per IP and per account for the CAPTCHA and the per-IP limit."""
    from . import abuse

    if request is not None:
        abuse.login_failed(request, login_name(request, credentials))


def forget_failures(sender, request, user, **kwargs):
    """``user_logged_in``: a successful login clears the account's CAPTCHA requirement."""
    from . import abuse

    abuse.login_failures_forget(user.get_username())
