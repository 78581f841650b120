"""Password changes by the account holder, and the one-time links that let a holder set a password."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from siportal.core.services import audit_record

from ..models import User


def user_password_change(*, user: User, new_password: str, request=None) -> User:
    """Set the user's own new password (already validated by the form).

    Side effects: saves the hashed password, clears ``must_change_password``, writes the audit row
    ``user.password_changed``. The caller keeps the session alive with ``update_session_auth_hash``.
    """
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(actor=user, action="user.password_changed", obj=user, request=request)
    return user


def password_set_link(*, user: User, request=None) -> str:
    """A one-time link to the page where ``user`` sets a password (valid ``PASSWORD_RESET_TIMEOUT``).

    The token is Django's password-reset token: it covers the current password hash, so it stops working
    once a password is set (or the account is reset again). Call it after the user's password was saved.
    The link's host is ``settings.PORTAL_URL`` if set, else the request's host (checked by ALLOWED_HOSTS).
    """
    path = reverse("accounts:password_set", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                                    "token": default_token_generator.make_token(user)})
    if settings.PORTAL_URL:
        return settings.PORTAL_URL.rstrip("/") + path
    return request.build_absolute_uri(path) if request is not None else path


def link_valid_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
