"""Login with a username or a mobile number (agents log in with either), and the per-request user in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from siportal.core.db import all_rows, one_object


def request_users():
    """Users as every request loads them: with their unit (and its region), person and review region, and whether
    the unit has a commitment letter — all the hall gates and the admin's region scope read, in one query.
    Read afresh on every request: a unit rebound, revoked or changed meanwhile never keeps access."""
    from .models import CommitmentLetter

    letters = CommitmentLetter.objects.filter(unit=OuterRef("unit_id"))
    return (get_user_model()._default_manager.select_related("unit__region", "person", "review_region")
            .annotate(unit_commitment_uploaded=Exists(letters)))


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        username = username.strip()
        users = list(get_user_model().objects.filter(Q(username=username) | Q(mobile=username))[:2])
        if len(users) != 1:
            get_user_model()().set_password(password)  # same time cost whether or not the user exists
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's user with everything the request needs (``request_users``); the unit carries
        ``commitment_uploaded`` for the unit-hall gate (accounts.tenancy)."""
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        # compiled to SQL once per process (the ORM's compilation of this join cost more than running it) and
        # planned once per connection (PostgreSQL's planning of it, too)
        user = one_object(("request_user",), lambda pk: request_users().filter(pk=pk), user_id, prepared=True)
        if user is None:
            return None
        if user.unit is not None:
            user.unit.commitment_uploaded = user.unit_commitment_uploaded
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and group permissions in one query (Django's ModelBackend runs two), cached on the
        user object for the request like Django's."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            from django.contrib.auth.models import Permission

            def build(user_id):
                perms = Permission.objects.all()
                if user_id is not None:
                    perms = perms.filter(Q(user=user_id) | Q(group__user=user_id))
                return perms.values_list("content_type__app_label", "codename").order_by().distinct()

            # compiled to SQL once per process and planned once per connection (the admin reads it on every page)
            rows = (all_rows(("permissions", "all"), lambda _pk: build(None), 0, prepared=True)
                    if user_obj.is_superuser else all_rows(("permissions", "user"), build, user_obj.pk, prepared=True))
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache
