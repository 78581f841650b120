"""Shared-kernel tables: number sequences, the SMS outbox and the audit trail of user actions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sequence(models.Model):
    """A named counter (业务流水号 per day, 单位编号 per district); incremented under a row lock."""

    name = models.CharField(max_length=64, unique=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self):
        return f"{self.name}={self.value}"


class SmsMessage(models.Model):
    """The default SMS backend's outbox: what would have been sent, visible to centre staff and in the demo."""

    mobile = models.CharField(_("手机号"), max_length=20, db_index=True)
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("短信发件箱")
        verbose_name_plural = _("短信发件箱")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.mobile}: {self.text[:20]}"


class AuditEvent(models.Model):
    """Who did what to which object, when, with what result. Rows are only ever inserted."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True, db_index=True)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("操作审计")
        verbose_name_plural = _("操作审计")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
