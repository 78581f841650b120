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
    """One text message, queued by ``sms_send`` and handed to the SMS backend by the worker.

    ``text`` never holds a secret: where a code, password or link goes it holds the placeholder ``{secret}``,
    and the secret itself waits encrypted in ``secret_sealed`` until the message is sent, then is wiped (kept,
    still encrypted, only in demo mode, for the demo outbox page). Sent messages are deleted after
    ``SMS_RETENTION_DAYS``.
    """

    PLACEHOLDER = "{secret}"
    REDACTED = "******"

    mobile = models.CharField(_("手机号"), max_length=20, db_index=True)
    text = models.TextField(_("内容"))
    secret_sealed = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("短信发件箱")
        verbose_name_plural = _("短信发件箱")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.mobile}: {self.redacted_text[:20]}"

    @property
    def redacted_text(self) -> str:
        """The text as staff may read it: the secret shown as ``******``."""
        return self.text.replace(self.PLACEHOLDER, self.REDACTED)

    def render(self, secret: str) -> str:
        """The text as the recipient receives it."""
        return self.text.replace(self.PLACEHOLDER, secret)


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


def job_file_path(instance, filename):
    """Uploads and results of jobs: never stored under the user's file name (that is kept in ``file_name``)."""
    import uuid
    from pathlib import PurePath

    from django.utils import timezone

    return f"jobs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


class JobQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Progress is written with ``update()``: the hall's note of imports under way (``jobs:unit:…``) is
        renewed as with ``save()``."""
        units = {pk for pk in self.values_list("unit_id", flat=True).order_by().distinct() if pk is not None}
        n = super().update(**kwargs)
        job_units_changed(units)
        return n


def job_units_changed(unit_ids) -> None:
    from . import versions

    versions.bump(*(f"jobs:unit:{pk}" for pk in unit_ids))


class Job(models.Model):
    """A background job (batch import, export, PDF…) and its progress, polled by the page that started it.

    A job started in the unit hall belongs to that unit, recorded when it is created (``unit``; the only
    reference from core to a tenant, by label, so core imports nothing of accounts): halls scope jobs with
    ``hall_scope(..., unit_field="unit")``, and an agent moved to another unit leaves its jobs and files
    behind. ``created_by`` only says who started it. The app that runs the job owns the meaning of ``kind``
    and of the keys in ``result``. Counters are written by the worker, at most every few hundred rows.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类型"), max_length=64, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="jobs")
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("所属单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="jobs")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    stage = models.CharField(_("阶段"), max_length=20, blank=True)
    file = models.FileField(_("上传文件"), upload_to=job_file_path, blank=True, max_length=200)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    file_hash = models.CharField(_("文件摘要"), max_length=64, blank=True, db_index=True)
    output = models.FileField(_("结果文件"), upload_to=job_file_path, blank=True, max_length=200)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_read = models.PositiveIntegerField(_("已读取"), default=0)
    rows_validated = models.PositiveIntegerField(_("已校验"), default=0)
    rows_written = models.PositiveIntegerField(_("已写入"), default=0)
    accepted = models.PositiveIntegerField(_("通过"), default=0)
    refused = models.PositiveIntegerField(_("未通过"), default=0)
    message = models.TextField(_("说明"), blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.kind}#{self.pk} {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
