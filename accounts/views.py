"""Account views (placeholder until the accounts pages land)."""

from django.contrib.auth import views as auth_views

login_view = auth_views.LoginView.as_view(template_name="accounts/login.html")
logout_view = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(template_name="accounts/password_change.html")


def bind(request):
    raise NotImplementedError


def commitment(request):
    raise NotImplementedError
