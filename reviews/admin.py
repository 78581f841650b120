"""The reviewer's admin: a queue scoped to the reviewer's regions, filters, search, and the workflow actions
(受理 / 审核通过 / 回退) as buttons on an item and as bulk actions with a confirmation page. Every action goes
through ``submission_transition``; nothing here changes state itself."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Region

from . import selectors, services
from .models import AutoApprovalRule, State, Submission
from .registry import get_kind, kind_choices

REVIEW_ACTIONS = {"take": gettext_lazy("受理"), "approve": gettext_lazy("审核通过"), "return": gettext_lazy("回退")}


class KindFilter(admin.SimpleListFilter):
    title = gettext_lazy("业务类型")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("待处理(待审核、审核中)"))] + [(s.value, s.label) for s in State if s != State.DRAFT]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(state__in=[State.SUBMITTED, State.IN_REVIEW])
        return queryset.filter(state=self.value()) if self.value() else queryset


class RegionFilter(admin.SimpleListFilter):
    title = gettext_lazy("区县")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = Region.objects.filter(level=Region.Level.DISTRICT)
        if not request.user.is_superuser:
            scope = request.user.review_region
            regions = regions.filter(path__startswith=scope.path) if scope else regions.none()
        return [(r.pk, r.name) for r in regions]

    def queryset(self, request, queryset):
        return queryset.filter(region_id=self.value()) if self.value() else queryset


class ReturnReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("回退原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": gettext_lazy("回退必须填写原因。")})


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["number", "kind_label", "owner_name", "owner_code", "region", "state_badge", "submitted_at",
                    "reviewer"]
    list_filter = [StateFilter, KindFilter, RegionFilter, ("submitted_at", admin.DateFieldListFilter)]
    # Codes are searched exactly (index lookups); names by substring.
    search_fields = ["=number", "=unit__uscc", "unit__name", "=person__id_number", "person__name"]
    show_full_result_count = False
    list_select_related = ["unit", "person", "region", "reviewer"]
    list_per_page = 50
    ordering = ["submitted_at"]
    actions = ["take_selected", "approve_selected", "return_selected"]
    change_form_template = "admin/reviews/submission/change_form.html"
    readonly_fields = ["number", "kind_label", "state", "unit", "person", "region", "submitter", "reviewer",
                       "created_at", "submitted_at", "decided_at", "return_reason", "auto_approved"]
    fields = readonly_fields

    # ------------------------------------------------------------ scope and permissions
    def get_queryset(self, request):
        return selectors.reviewer_queue(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return request.user.has_perm("reviews.review_submission")

    # ------------------------------------------------------------ columns
    @admin.display(description=gettext_lazy("业务类型"))
    def kind_label(self, obj):
        return obj.kind_label

    @admin.display(description=gettext_lazy("单位/个人"))
    def owner_name(self, obj):
        return obj.unit.name if obj.unit_id else obj.person.name

    @admin.display(description=gettext_lazy("信用代码/证件号"))
    def owner_code(self, obj):
        from siportal.core.masking import mask_id

        return obj.unit.uscc if obj.unit_id else mask_id(obj.person.id_number)

    @admin.display(description=gettext_lazy("状态"), ordering="state")
    def state_badge(self, obj):
        colours = {State.SUBMITTED: "#0b4f9c", State.IN_REVIEW: "#b76e00", State.DONE: "#1e7e34",
                   State.RETURNED: "#c82333", State.CANCELLED: "#6c757d"}
        return format_html('<span style="color:{};font-weight:600">{}</span>', colours.get(obj.state, "#333"),
                           obj.get_state_display())

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("业务审核队列"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    # ------------------------------------------------------------ change view with the lines and the buttons
    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if submission is not None:
            kind = get_kind(submission.kind)
            extra_context.update({
                "submission": submission, "kind": kind, "line": selectors.line_of(submission),
                "steps": selectors.submission_steps(submission), "return_form": ReturnReasonForm(),
                "can_review": self.has_review_permission(request),
                "title": f"{kind.label} {submission.number}",
            })
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        custom = [path("<int:pk>/act/<str:action>/", self.admin_site.admin_view(self.act_view),
                       name="reviews_submission_act")]
        return custom + super().get_urls()

    def act_view(self, request, pk, action):
        if request.method != "POST" or action not in REVIEW_ACTIONS:
            raise Http404
        if not self.has_review_permission(request):
            raise PermissionDenied
        submission = get_object_or_404(self.get_queryset(request), pk=pk)
        reason = ""
        if action == "return":
            form = ReturnReasonForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("回退必须填写原因。"))
                return redirect("admin:reviews_submission_change", pk)
            reason = form.cleaned_data["reason"]
        ok, message = self._act(request, submission, action, reason)
        (messages.success if ok else messages.error)(request, message)
        if ok and action != "take":
            return redirect("admin:reviews_submission_changelist")
        return redirect("admin:reviews_submission_change", pk)

    def _act(self, request, submission, action, reason="") -> tuple[bool, str]:
        """Run one review action; approving or returning an untaken item takes it first (two audit rows)."""
        try:
            if action in ("approve", "return") and submission.state == State.SUBMITTED:
                services.submission_transition(submission_id=submission.pk, action="take", by=request.user)
            services.submission_transition(submission_id=submission.pk, action=action, by=request.user,
                                           reason=reason)
        except services.TransitionRefused as exc:
            return False, str(exc)
        return True, _("业务 %(number)s:%(action)s成功。") % {"number": submission.number,
                                                          "action": REVIEW_ACTIONS[action]}

    # ------------------------------------------------------------ bulk actions with a confirmation page
    def _bulk(self, request, queryset, action):
        if not self.has_review_permission(request):
            raise PermissionDenied
        form = ReturnReasonForm(request.POST) if action == "return" and "confirm" in request.POST else None
        if "confirm" in request.POST and (form is None or form.is_valid()):
            reason = form.cleaned_data["reason"] if form else ""
            results = [self._act(request, s, action, reason) for s in queryset]
            done = sum(1 for ok, _m in results if ok)
            if done:
                messages.success(request, _("%(action)s成功 %(n)d 件。") % {"action": REVIEW_ACTIONS[action], "n": done})
            for ok, message in results:
                if not ok:
                    messages.error(request, message)
            return None
        context = {
            **self.admin_site.each_context(request), "title": _("确认批量%(action)s") % {"action": REVIEW_ACTIONS[action]},
            "action_label": REVIEW_ACTIONS[action], "action_name": f"{action}_selected", "queryset": queryset,
            "opts": self.model._meta, "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "reason_form": form or (ReturnReasonForm() if action == "return" else None),
        }
        return TemplateResponse(request, "admin/reviews/submission/confirm_bulk.html", context)

    @admin.action(description=gettext_lazy("批量受理所选业务"), permissions=["review"])
    def take_selected(self, request, queryset):
        return self._bulk(request, queryset, "take")

    @admin.action(description=gettext_lazy("批量审核通过所选业务"), permissions=["review"])
    def approve_selected(self, request, queryset):
        return self._bulk(request, queryset, "approve")

    @admin.action(description=gettext_lazy("批量回退所选业务"), permissions=["review"])
    def return_selected(self, request, queryset):
        return self._bulk(request, queryset, "return")

    def act_url(self, submission, action):
        return reverse("admin:reviews_submission_act", args=[submission.pk, action])


class AutoApprovalRuleForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(label=gettext_lazy("自动办结的业务类型"), required=False,
                                      widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = AutoApprovalRule
        fields = ["unit", "kinds"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kind_choices(vip_only=True)


@admin.register(AutoApprovalRule)
class AutoApprovalRuleAdmin(admin.ModelAdmin):
    """Centre staff choose which kinds a VIP unit's submissions skip review for (the unit must be VIP)."""

    form = AutoApprovalRuleForm
    list_display = ["unit", "kind_labels", "granted_by", "updated_at"]
    search_fields = ["unit__name", "unit__uscc"]
    autocomplete_fields = ["unit"]

    @admin.display(description=gettext_lazy("自动办结的业务类型"))
    def kind_labels(self, obj):
        return "、".join(str(get_kind(code).label) for code in obj.kinds if get_kind(code, missing_ok=True))

    def save_model(self, request, obj, form, change):
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)
