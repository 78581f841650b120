"""Password changes by the account holder."""

from django.db import transaction

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
