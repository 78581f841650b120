"""Forms of the account pages: they parse and validate input; the services act."""

import re

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siportal.core.validators import (
    VisibleTextValidator,
    validate_mobile,
    validate_resident_id,
    validate_uscc,
    validate_visible_name,
    validate_visible_unit_name,
)

from . import abuse
from .models import Region, User
from .selectors import districts
from .uploads import scan_kind

MOBILE_LIKE = re.compile(r"1\d{10}")


class CaptchaMixin:
    """Adds the 图形验证码 field when the view says abuse limits ask for it (``captcha=True``)."""

    def add_captcha(self, needed: bool) -> None:
        if needed:
            self.fields["captcha"] = CaptchaField(label=_("图形验证码"), help_text=_("请输入图片中的字符,看不清可刷新页面。"),
                                                  error_messages={"invalid": _("图形验证码不正确,请重新输入。")})


class LoginForm(CaptchaMixin, AuthenticationForm):
    username = forms.CharField(label=_("用户名 / 手机号"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("密码"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": _("用户名(手机号)或密码不正确。连续输错5次,账号将被锁定15分钟。"),
        "inactive": _("该账号已停用,请联系单位账号管理员或经办机构。"),
    }

    def __init__(self, request=None, *args, captcha: bool = False, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.add_captcha(captcha)

    def clean(self):
        if "captcha" in self.fields and "captcha" not in self.cleaned_data:
            return self.cleaned_data  # no password is tried before the CAPTCHA is solved
        if self.request is not None and abuse.login_ip_blocked(self.request):
            raise ValidationError(_("本机登录失败次数过多,请%(m)d分钟后再试。"), code="ip_blocked",
                                  params={"m": int(settings.AXES_COOLOFF_TIME * 60)})
        return super().clean()


def validate_login_name(value: str) -> str:
    UnicodeUsernameValidator()(value)
    if MOBILE_LIKE.fullmatch(value):
        raise ValidationError(_("登录名不能是手机号格式;手机号本身即可用于登录。"))
    if User.objects.filter(Q(username=value) | Q(mobile=value)).exists():
        raise ValidationError(_("登录名“%(u)s”已被使用,请换一个。"), params={"u": value})
    return value


def validate_free_mobile(value: str) -> str:
    mobile = validate_mobile(value)
    if User.objects.filter(Q(mobile=mobile) | Q(username=mobile)).exists():
        raise ValidationError(_("手机号%(m)s已被其他账号使用,每个手机号只能对应一个账号。"), params={"m": mobile})
    return mobile


class PasswordPairMixin(forms.Form):
    """Two password fields checked against each other and the portal's password validators."""

    password1 = forms.CharField(label=_("登录密码"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), help_text=password_validation.password_validators_help_text_html)
    password2 = forms.CharField(label=_("确认密码"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    def password_user(self) -> User:
        """An unsaved user carrying the attributes the similarity validator compares with."""
        return User(username=self.cleaned_data.get("username", ""))

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            try:
                password_validation.validate_password(p1, user=self.password_user())
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class DistrictField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.parent.name} {obj.name}" if obj.parent_id else obj.name


class UnitRegisterForm(CaptchaMixin, PasswordPairMixin):
    name = forms.CharField(label=_("单位名称"), max_length=100, validators=[validate_visible_unit_name])
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30,
                           help_text=_("18位,见营业执照或登记证书。"))
    legal_rep = forms.CharField(label=_("法定代表人"), max_length=50, validators=[VisibleTextValidator(_("法定代表人"))])
    contact_name = forms.CharField(label=_("联系人"), max_length=50, validators=[VisibleTextValidator(_("联系人"))])
    contact_phone = forms.CharField(label=_("联系电话(手机)"), max_length=20)
    region = DistrictField(label=_("所属区县"), queryset=Region.objects.none(), empty_label=_("请选择"))
    field_order = ["name", "uscc", "legal_rep", "contact_name", "contact_phone", "region", "password1", "password2"]

    def __init__(self, *args, captcha: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = districts()
        self.fields["contact_phone"].help_text = _("注册结果和单位账号登录名将以短信发送到该手机号。")
        self.add_captcha(captcha)

    def clean_uscc(self):
        return validate_uscc(self.cleaned_data["uscc"])  # whether it is registered is never said here

    def clean_contact_phone(self):
        return validate_mobile(self.cleaned_data["contact_phone"])


class BindForm(forms.Form):
    username = forms.CharField(label=_("绑定用户名"), max_length=30,
                               widget=forms.TextInput(attrs={"autocomplete": "off"}))
    password = forms.CharField(label=_("绑定密码"), strip=False, max_length=64,
                               widget=forms.PasswordInput(attrs={"autocomplete": "off"}))


class CommitmentUploadForm(forms.Form):
    file = forms.FileField(label=_("签字盖章后的承诺书扫描件"), allow_empty_file=True,
                           help_text=_("PDF、JPG或PNG格式,不超过10 MB。"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        scan_kind(uploaded)
        return uploaded


class AgentForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, validators=[validate_visible_name])
    id_number = forms.CharField(label=_("证件号码(居民身份证)"), max_length=30)
    mobile = forms.CharField(label=_("手机号"), max_length=20,
                             help_text=_("设置密码的一次性链接将以短信发送到该手机号;经办人也可用手机号登录。"))
    username = forms.CharField(label=_("登录名(可选)"), max_length=30, required=False,
                               help_text=_("留空则由系统生成。"))

    def clean_id_number(self):
        return validate_resident_id(self.cleaned_data["id_number"])

    def clean_mobile(self):
        return validate_free_mobile(self.cleaned_data["mobile"])

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        return validate_login_name(username) if username else ""


class PersonCodeForm(CaptchaMixin, forms.Form):
    """The first step of 个人注册: who is registering, and their mobile (the code goes to the registry's mobile
    for a person already registered; to this one only for a new person)."""

    id_number = forms.CharField(label=_("证件号码(居民身份证)"), max_length=30)
    name = forms.CharField(label=_("姓名"), max_length=50, validators=[validate_visible_name])
    mobile = forms.CharField(label=_("手机号"), max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    region = DistrictField(label=_("参保区县"), queryset=Region.objects.none(), empty_label=_("请选择"))

    def __init__(self, *args, captcha: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = districts()
        self.add_captcha(captcha)

    def clean_id_number(self):
        return validate_resident_id(self.cleaned_data["id_number"])

    def clean_name(self):
        return "".join(self.cleaned_data["name"].split())

    def clean_mobile(self):
        return validate_mobile(self.cleaned_data["mobile"])  # whether another account uses it goes by SMS


class PersonRegisterForm(PersonCodeForm, PasswordPairMixin):
    code = forms.CharField(label=_("短信验证码"), max_length=6, min_length=6, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}))
    field_order = ["id_number", "name", "mobile", "region", "code", "password1", "password2"]

    def password_user(self) -> User:
        return User(username=self.cleaned_data.get("id_number", ""), name=self.cleaned_data.get("name", ""),
                    mobile=self.cleaned_data.get("mobile", ""))


class PersonClaimForm(PersonRegisterForm):
    """个人注册 by photo request: for a person whose registry mobile is missing or no longer theirs; the centre
    checks the ID photo before the account may do anything. The code goes to the applicant's own mobile."""

    id_photo = forms.FileField(label=_("身份证人像面照片"), help_text=_("JPG、PNG或PDF格式,不超过10 MB;须清晰可辨。"),
                               widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}))
    field_order = ["id_number", "name", "mobile", "region", "code", "id_photo", "password1", "password2"]

    def clean_id_photo(self):
        uploaded = self.cleaned_data["id_photo"]
        scan_kind(uploaded)
        return uploaded
