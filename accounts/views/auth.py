"""Login (username or mobile, locked by django-axes after 5 failures), logout, and the password change."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from .. import abuse
from ..forms import LoginForm
from ..lockout import login_name
from ..services import user_password_change


class LoginView(auth_views.LoginView):
    """Django's login view: ``AuthenticationForm`` calls ``authenticate(request=...)`` so axes sees every try."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        typed = login_name(self.request, {"username": self.request.POST.get("username", "")})
        kwargs["captcha"] = abuse.login_captcha_needed(self.request, typed)
        return kwargs

    def get_success_url(self):
        if self.request.user.must_change_password:
            messages.warning(self.request, _("您的密码由系统生成,请先修改密码后再办理业务。"))
            return reverse("accounts:password_change")
        return super().get_success_url()


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The page a one-time SMS link opens (new agent, or reset by the unit's master account): set the password.

    Django's view checks the token and moves it out of the URL into the session; the password is set through
    ``user_password_change`` (audited, clears ``must_change_password``), after which the token no longer works.
    """

    template_name = "accounts/password_set.html"

    def form_valid(self, form):
        user_password_change(user=form.user, new_password=form.cleaned_data["new_password1"], request=self.request)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("密码已设置,请使用登录名或手机号和新密码登录。"))
        return redirect("accounts:login")


password_set = PasswordSetView.as_view()


@sensitive_post_parameters()
@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_password_change(user=request.user, new_password=form.cleaned_data["new_password1"],
                                    request=request)
        update_session_auth_hash(request, user)
        return redirect("accounts:password_change_done")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def password_change_done(request):
    return render(request, "accounts/password_change_done.html")
