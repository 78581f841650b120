"""Who: users, the region tree, units (单位), natural persons (自然人), binding credentials, commitment letters."""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siportal.core.codes import IdType


class Region(models.Model):
    """An administrative area: a city and its districts. ``path`` makes subtree queries one ``startswith``."""

    class Level(models.TextChoices):
        CITY = "city", _("市")
        DISTRICT = "district", _("区县")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    path = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else "") + self.code + "/"
        super().save(*args, **kwargs)

    def subtree(self):
        return Region.objects.filter(path__startswith=self.path)


class Person(models.Model):
    """A natural person (自然人) in the registry, identified by 证件类型 + 证件号码."""

    class Sex(models.TextChoices):
        MALE = "1", _("男")
        FEMALE = "2", _("女")

    id_type = models.CharField(_("证件类型"), max_length=2, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = models.CharField(_("证件号码"), max_length=30)
    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    mobile = models.CharField(_("手机号"), max_length=20, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=2, blank=True)  # GB 3304 code, e.g. "01" 汉族
    hukou_type = models.CharField(_("户口性质"), max_length=2, blank=True)  # siportal.core.codes.HukouType
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("参保区县"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="persons")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("自然人")
        verbose_name_plural = _("自然人")
        constraints = [models.UniqueConstraint(fields=["id_type", "id_number"], name="person_unique_id")]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """A unit (单位): registered online, bound to the centre with a credential, then opened (参保登记)."""

    name = models.CharField(_("单位名称"), max_length=100)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True,
                            error_messages={"unique": _("该统一社会信用代码的单位已注册,一个单位只能注册一次。")})
    legal_rep = models.CharField(_("法定代表人"), max_length=50)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    region = models.ForeignKey(Region, verbose_name=_("所属区县"), on_delete=models.PROTECT, related_name="units")
    address = models.CharField(_("单位地址"), max_length=200, blank=True)
    master = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("单位账号"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="mastered_unit")
    bound_at = models.DateTimeField(_("绑定时间"), null=True, blank=True)
    unit_number = models.CharField(_("单位编号"), max_length=20, unique=True, null=True, blank=True)
    opened_at = models.DateTimeField(_("参保登记时间"), null=True, blank=True)
    is_vip = models.BooleanField(_("VIP单位"), default=False)
    registered_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["-id"]

    def __str__(self):
        return self.name

    @property
    def is_bound(self) -> bool:
        return self.bound_at is not None

    @property
    def is_opened(self) -> bool:
        return self.opened_at is not None

    @property
    def has_commitment(self) -> bool:
        return self.commitment_letters.exists()


class User(AbstractUser):
    """Every account: unit master accounts, agents, individuals, and centre staff (reviewers, administrators)."""

    class Kind(models.TextChoices):
        UNIT_MASTER = "unit_master", _("单位账号")
        AGENT = "agent", _("经办人")
        INDIVIDUAL = "individual", _("个人")
        STAFF = "staff", _("经办机构工作人员")

    kind = models.CharField(_("账号类型"), max_length=20, choices=Kind.choices, default=Kind.STAFF)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    mobile = models.CharField(_("手机号"), max_length=20, unique=True, null=True, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="users")
    person = models.ForeignKey(Person, verbose_name=_("自然人"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="users")
    review_region = models.ForeignKey(Region, verbose_name=_("审核辖区"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="reviewers")
    is_demo = models.BooleanField(_("演示账号"), default=False)
    id_number = models.CharField(_("证件号码"), max_length=30, blank=True,
                                 help_text=_("经办人的居民身份证号码;个人账号的证件号码见“自然人”。"))
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("密码由系统生成并以短信发送,登录后必须先修改。"))
    identity_pending = models.BooleanField(
        _("身份待审核"), default=False,
        help_text=_("以身份证照片申请注册的个人账号:经办机构审核通过前不能办理任何业务。"))

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.name or self.username

    def clean(self):
        """Separation of duties: a centre staff account (reviewer, administrator) holds no hall role."""
        super().clean()
        hall_role = self.kind != self.Kind.STAFF or self.unit_id is not None
        if hall_role and (self.is_staff or self.is_superuser or self.review_region_id is not None):
            raise ValidationError(_(
                "经办机构工作人员账号(可登录管理后台、审核辖区或超级用户)不能同时是单位账号、经办人或个人账号,"
                "也不能属于某个单位:审核与经办须由不同账号、不同人员担任。"))

    @property
    def is_agent(self) -> bool:
        return self.kind == self.Kind.AGENT

    @property
    def is_unit_master(self) -> bool:
        return self.kind == self.Kind.UNIT_MASTER

    @property
    def is_individual(self) -> bool:
        return self.kind == self.Kind.INDIVIDUAL


class BindingCredential(models.Model):
    """A one-time binding username + password issued by the centre (printed on the 注册信息打印单)."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="credentials")
    username = models.CharField(_("绑定用户名"), max_length=30, unique=True)
    password_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("绑定凭据")
        verbose_name_plural = _("绑定凭据")
        ordering = ["-id"]

    def __str__(self):
        return self.username

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


def commitment_upload_to(instance, filename):
    """An unguessable name (no unit id, no credit code): the scan is reached only through an owner-checked view."""
    return f"commitments/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}.{instance.extension}"


class CommitmentLetter(models.Model):
    """The signed and stamped 承诺书 scan a unit uploads before it may do business."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE,
                             related_name="commitment_letters")
    file = models.FileField(_("承诺书扫描件"), upload_to=commitment_upload_to)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("承诺书")
        verbose_name_plural = _("承诺书")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.unit} {self.uploaded_at:%Y-%m-%d}" if self.uploaded_at else str(self.unit)


class SmsCode(models.Model):
    """A verification code sent by SMS (individual registration); stored hashed, valid for a few minutes."""

    mobile = models.CharField(max_length=20, db_index=True)
    purpose = models.CharField(max_length=20)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"{self.mobile} {self.purpose}"
