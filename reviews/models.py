"""The one submission workflow: every kind of business is a ``Submission`` with per-kind line models elsewhere."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from accounts.models import Person, Region, Unit

from . import permissions


class State(models.TextChoices):
    DRAFT = "draft", _("已保存")
    SUBMITTED = "submitted", _("待审核")
    IN_REVIEW = "in_review", _("审核中")
    DONE = "done", _("已办结")
    RETURNED = "returned", _("已回退")
    CANCELLED = "cancelled", _("已退单")


#: Items waiting for the submitter (待办) and items the centre still has to decide.
TODO_STATES = [State.DRAFT, State.RETURNED]
OPEN_STATES = [State.DRAFT, State.RETURNED, State.SUBMITTED, State.IN_REVIEW]
FINAL_STATES = [State.DONE, State.CANCELLED]

#: What each transition method is called on screen (hall progress, admin buttons, audit trail).
TRANSITION_LABELS = {
    "submit": _("提交审批"),
    "edit": _("修改"),
    "withdraw": _("退单"),
    "take": _("受理"),
    "approve": _("审核通过,办结"),
    "send_back": _("回退"),
    "auto_approve": _("自动办结"),
}


class Submission(ConcurrentTransitionMixin, models.Model):
    """One piece of business (业务) from a unit or a person, from draft to done.

    Never change ``state`` directly: call ``reviews.services.submission_transition``.
    """

    number = models.CharField(_("业务流水号"), max_length=20, unique=True)
    kind = models.CharField(_("业务类型"), max_length=40, db_index=True)
    state = FSMField(_("状态"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="submissions")
    person = models.ForeignKey(Person, verbose_name=_("个人"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="submissions")
    region = models.ForeignKey(Region, verbose_name=_("所属区县"), on_delete=models.PROTECT,
                               related_name="submissions")
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT,
                                  related_name="submissions")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="reviewed_submissions")
    client_token = models.CharField(max_length=40, blank=True, editable=False)
    return_reason = models.CharField(_("回退原因"), max_length=500, blank=True)
    was_returned = models.BooleanField(_("曾回退"), default=False)
    auto_approved = models.BooleanField(_("自动办结"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("业务")
        verbose_name_plural = _("业务")
        ordering = ["-id"]
        permissions = [("review_submission", _("可以审核业务"))]
        constraints = [
            models.UniqueConstraint(fields=["submitter", "client_token"], condition=~models.Q(client_token=""),
                                    name="submission_once_per_token"),
            models.CheckConstraint(condition=models.Q(unit__isnull=False) | models.Q(person__isnull=False),
                                   name="submission_has_owner"),
        ]
        indexes = [models.Index(fields=["region", "state"])]
        # The hall's task lists: 待办 (and its count) by unit and state, 办事列表 by unit, newest sent first.
        indexes += [models.Index(fields=["unit", "state"], name="submission_unit_state"),
                    models.Index(fields=["unit", "-submitted_at", "-id"], name="submission_unit_sent")]

    def __str__(self):
        return f"{self.number} {self.kind_label}"

    @property
    def kind_label(self) -> str:
        from .registry import get_kind

        kind = get_kind(self.kind, missing_ok=True)
        return str(kind.label) if kind else self.kind

    @property
    def is_flagged_returned(self) -> bool:
        """Shown as 回退 in 待办: returned by a reviewer and not yet sent again."""
        return self.was_returned and self.state in TODO_STATES

    # ------------------------------------------------------------ transitions (bodies stay free of save())
    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED, permission=permissions.can_submit)
    def submit(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=State.RETURNED, target=State.DRAFT, permission=permissions.can_submit)
    def edit(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=[State.DRAFT, State.RETURNED], target=State.CANCELLED,
                permission=permissions.can_submit)
    def withdraw(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=State.SUBMITTED, target=State.IN_REVIEW, permission=permissions.can_take)
    def take(self, by=None, description=None):
        self.reviewer = by

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=State.IN_REVIEW, target=State.DONE, permission=permissions.can_decide)
    def approve(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=State.IN_REVIEW, target=State.RETURNED, permission=permissions.can_decide)
    def send_back(self, by=None, description=None):
        self.return_reason = description or ""
        self.was_returned = True

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=State.SUBMITTED, target=State.DONE, permission=permissions.can_auto_approve)
    def auto_approve(self, by=None, description=None):
        self.auto_approved = True


class AutoApprovalRule(models.Model):
    """VIP units (DOMAIN §2.16): the kinds of this unit's submissions that are approved without review."""

    unit = models.OneToOneField(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="auto_approval")
    kinds = models.JSONField(_("自动办结的业务类型"), default=list, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("设置人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("VIP单位自动办结规则")
        verbose_name_plural = _("VIP单位自动办结规则")

    def __str__(self):
        return str(self.unit)
