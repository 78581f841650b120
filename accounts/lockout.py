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
