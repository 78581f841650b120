"""Login with a username or a mobile number (agents log in with either)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


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
