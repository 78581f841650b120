"""单位注册 and 个人注册 (with the SMS code step, which works without JavaScript through a ``formaction``).

Every answer here is the same whatever the registry holds (issue 8): results go by SMS to the holder. The SMS
doors count against the client's daily cap and ask for a CAPTCHA after a few sends (``accounts.abuse``).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from .. import abuse
from ..forms import PersonCodeForm, PersonRegisterForm, UnitRegisterForm
from ..services import AccountError, person_register, person_register_code, unit_register
from ..services.registration import SMS_CODE_RESEND_SECONDS

LOGIN_BACKEND = "accounts.backends.UsernameOrMobileBackend"
CODE_STEP_FIELDS = set(PersonCodeForm.base_fields)


def anonymous_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            messages.info(request, _("您已登录。如需注册新账号,请先退出。"))
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapped


def sms_door_refusal(request, *, id_number: str = "", mobile: str = "") -> str:
    """Why an SMS may not be requested now, or "" — only from what the caller typed, never from the registry.

    Counts the request against the client's daily cap when it goes through.
    """
    if abuse.sms_ip_exhausted(request):
        return _("今日获取短信的次数已达上限,请明天再试或到经办机构窗口办理。")
    for part in (id_number, mobile):
        if part and not abuse.once_per(SMS_CODE_RESEND_SECONDS, "sms-door", part):
            return _("验证码发送过于频繁,请%(n)d秒后再试。") % {"n": SMS_CODE_RESEND_SECONDS}
    abuse.sms_ip_hit(request)
    return ""


@sensitive_post_parameters("password1", "password2")
@anonymous_only
def register_unit(request):
    form = UnitRegisterForm(request.POST or None, captcha=abuse.sms_captcha_needed(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        refusal = sms_door_refusal(request, mobile=data["contact_phone"])
        if refusal:
            messages.error(request, refusal)
        else:
            unit_register(
                name=data["name"], uscc=data["uscc"], legal_rep=data["legal_rep"],
                contact_name=data["contact_name"], contact_phone=data["contact_phone"], region=data["region"],
                password=data["password1"], request=request,
            )
            # The same answer whether the credit code was new or registered already: the SMS says which.
            messages.success(request, _("单位注册申请已受理。注册结果和单位账号登录名将以短信发送至联系电话,请凭短信中的"
                                        "登录名(或该手机号)和您设置的密码登录,再完成业务绑定。如未收到短信,请联系经办机构。"))
            return redirect("accounts:login")
    return render(request, "accounts/register_unit.html", {"form": form})


def code_step_errors_only(form):
    """Validate the whole form but keep only the errors of the fields the code step needs."""
    form.is_valid()
    for field in list(form.errors):
        if field not in CODE_STEP_FIELDS:
            del form.errors[field]
    return form


def sms_step_context(request, code_form=None, **extra):
    """The page's context; the CAPTCHA of the code step (a fresh one, or the one just failed) when it is due."""
    captcha_field = None
    if abuse.sms_captcha_needed(request):
        if code_form is None or "captcha" not in code_form.fields:
            code_form = PersonCodeForm(captcha=True)
        captcha_field = code_form["captcha"]
    return {"resend_seconds": SMS_CODE_RESEND_SECONDS, "captcha_field": captcha_field, **extra}


@sensitive_post_parameters("password1", "password2", "code")
@anonymous_only
def register_person(request):
    if request.method != "POST":
        return render(request, "accounts/register_person.html", sms_step_context(request, form=PersonRegisterForm()))
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
    return render(request, "accounts/register_person.html", sms_step_context(request, form=form, code_sent=True))


@require_POST
@anonymous_only
def register_person_code(request):
    """The 获取验证码 button: the same answer for every ID; where the code goes depends on the registry."""
    code_form = PersonCodeForm(request.POST, captcha=abuse.sms_captcha_needed(request))
    if not code_form.is_valid():
        form = code_step_errors_only(PersonRegisterForm(request.POST))
        return render(request, "accounts/register_person.html", sms_step_context(request, code_form, form=form))
    data = code_form.cleaned_data
    refusal = sms_door_refusal(request, id_number=data["id_number"], mobile=data["mobile"])
    if refusal:
        messages.error(request, refusal)
        return render(request, "accounts/register_person.html",
                      sms_step_context(request, form=PersonRegisterForm(initial=data)))
    person_register_code(id_number=data["id_number"], name=data["name"], mobile=data["mobile"])
    messages.info(request, _("如信息无误,验证码已发送至该身份证号码在社保登记的手机(尚未参保登记的人员,发送至您填写的手机),"
                             "10分钟内有效。登记的手机已不用或收不到验证码的,请选择“上传身份证照片申请”。"))
    form = PersonRegisterForm(initial=data)
    return render(request, "accounts/register_person.html", sms_step_context(request, form=form, code_sent=True))
