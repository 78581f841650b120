"""单位注册 and 个人注册 (with the SMS code step, which works without JavaScript through a ``formaction``)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from siportal.core.masking import mask_phone

from ..forms import PersonCodeForm, PersonRegisterForm, UnitRegisterForm
from ..services import AccountError, person_register, person_register_check, sms_code_send, unit_register
from ..services.registration import SMS_CODE_RESEND_SECONDS

LOGIN_BACKEND = "accounts.backends.UsernameOrMobileBackend"
CODE_STEP_FIELDS = set(PersonCodeForm.base_fields)


def _anonymous_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            messages.info(request, _("您已登录。如需注册新账号,请先退出。"))
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapped


@sensitive_post_parameters("password1", "password2")
@_anonymous_only
def register_unit(request):
    form = UnitRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = unit_register(
                name=data["name"], uscc=data["uscc"], legal_rep=data["legal_rep"],
                contact_name=data["contact_name"], contact_phone=data["contact_phone"], region=data["region"],
                username=data["username"], password=data["password1"], request=request,
            )
        except AccountError as error:
            messages.error(request, str(error))
        else:
            login(request, unit.master, backend=LOGIN_BACKEND)
            messages.success(request, _("单位注册成功。请使用经办机构发放的《注册信息打印单》上的绑定用户名和密码完成业务绑定。"))
            return redirect("unit:bind")
    return render(request, "accounts/register_unit.html", {"form": form})


def _code_step_errors_only(form: PersonRegisterForm) -> PersonRegisterForm:
    """Validate the whole form but keep only the errors of the fields the code step needs."""
    form.is_valid()
    for field in list(form.errors):
        if field not in CODE_STEP_FIELDS:
            del form.errors[field]
    return form


@sensitive_post_parameters("password1", "password2", "code")
@_anonymous_only
def register_person(request):
    context = {"resend_seconds": SMS_CODE_RESEND_SECONDS}
    if request.method != "POST":
        return render(request, "accounts/register_person.html", {**context, "form": PersonRegisterForm()})
    form = PersonRegisterForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = person_register(id_number=data["id_number"], name=data["name"], mobile=data["mobile"],
                                   region=data["region"], code=data["code"], password=data["password1"],
                                   request=request)
        except AccountError as error:
            messages.error(request, str(error))
        else:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, _("注册成功,欢迎使用个人网厅。"))
            return redirect("home")
    return render(request, "accounts/register_person.html", {**context, "form": form, "code_sent": True})


@require_POST
@_anonymous_only
def register_person_code(request):
    """The 获取验证码 button: check who registers, then send the code; the page comes back filled in."""
    context = {"resend_seconds": SMS_CODE_RESEND_SECONDS}
    code_form = PersonCodeForm(request.POST)
    if not code_form.is_valid():
        form = _code_step_errors_only(PersonRegisterForm(request.POST))
        return render(request, "accounts/register_person.html", {**context, "form": form})
    data = code_form.cleaned_data
    try:
        person_register_check(id_number=data["id_number"], name=data["name"], mobile=data["mobile"])
        sms_code_send(mobile=data["mobile"])
    except AccountError as error:
        messages.error(request, str(error))
        form = _code_step_errors_only(PersonRegisterForm(request.POST))
        return render(request, "accounts/register_person.html", {**context, "form": form})
    messages.success(request, _("验证码已发送至%(m)s,10分钟内有效。") % {"m": mask_phone(data["mobile"])})
    form = PersonRegisterForm(initial=data)
    return render(request, "accounts/register_person.html", {**context, "form": form, "code_sent": True})
