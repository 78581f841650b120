"""The reviewer's admin: a queue scoped to the reviewer's regions, filters, search, and the workflow actions
(受理 / 审核通过 / 回退) as buttons on an item and as bulk actions with a confirmation page. Every action goes
through ``submission_transition``; nothing here changes state itself."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import csrf_protect_m
from django.contrib.admin.templatetags.admin_list import ResultList, result_headers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.validators import EMPTY_VALUES
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Region
from siportal.core import versions
from siportal.core.admin import ALL, RegionScopedAdminMixin, region_scope_path
from siportal.core.errors import DomainError

from . import approvals, exports, permissions, queue, selectors, services
from .models import AutoApprovalRule, State, Submission
from .registry import get_kind, kind_choices


class _NotCached(Exception):
    """The change list gave no page worth keeping (redirect, error page)."""


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
        regions = model_admin.admin_site._registry[Region].get_queryset(request)  # the staff member's subtree
        return [(r.pk, r.name) for r in regions.filter(level=Region.Level.DISTRICT)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(region_id=value) if value.isdigit() else queryset.none()


class ReturnReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("回退原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": gettext_lazy("回退必须填写原因。")})


def with_labels(queryset):
    """The queue's display columns computed by the list query itself (no whole related rows, no query per row)."""
    return queryset.annotate(
        owner_label=Coalesce("unit__name", "person__name"),
        region_label=F("region__name"),
        reviewer_label=Coalesce(NullIf("reviewer__name", Value("")), "reviewer__username"),
    ).only("id", "number", "kind", "state", "submitted_at")


class QueueChangeList(ChangeList):
    """Counts the bare filtered queryset; only the rows shown get the label joins; each row links to its review
    page without a ``reverse()`` per row."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = with_labels(self.result_list)

    def _change_url(self):
        if not hasattr(self, "_url_template"):
            self._url_template = reverse("admin:reviews_submission_change", args=["__pk__"],
                                         current_app=self.model_admin.admin_site.name)
        return self._url_template

    def url_for_result(self, result):
        return self._change_url().replace("__pk__", str(result.pk))

    def result_table(self):
        """The page's table exactly as the admin's ``{% result_list %}`` renders it, but each row is one
        ``format_html`` of the precomputed columns instead of the generic field lookup per cell (which was most
        of the queue's time). Used by templates/admin/reviews/submission/change_list.html."""
        headers = list(result_headers(self))
        context = {"preserved_filters": self.preserved_filters, "opts": self.opts}
        link = add_preserved_filters(context, self._change_url())
        admin_, empty = self.model_admin, self.model_admin.get_empty_value_display()

        def text(value):
            return empty if value in EMPTY_VALUES else value

        kinds, badges = {}, {}  # each kind's label and each state's badge rendered once per page
        rows = [ResultList(None, [format_html(
            QUEUE_ROW, admin_.action_checkbox(s), link.replace("__pk__", str(s.pk)), text(s.number),
            kinds[s.kind] if s.kind in kinds else kinds.setdefault(s.kind, text(s.kind_label)),
            text(s.owner_label), text(s.region_label),
            badges[s.state] if s.state in badges else badges.setdefault(s.state, admin_.state_badge(s)),
            localize(template_localtime(s.submitted_at)) if s.submitted_at else empty, text(s.reviewer_label),
        )]) for s in self.result_list]
        return get_template("admin/change_list_results.html").render({
            "cl": self, "result_hidden_fields": [], "result_headers": headers, "results": rows,
            "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        })


#: One row of the queue (the columns of ``SubmissionAdmin.list_display``, the admin's own cell markup).
QUEUE_ROW = (
    '<td class="action-checkbox">{}</td><th class="field-number"><a href="{}">{}</a></th>'
    '<td class="field-kind_label">{}</td><td class="field-owner_label">{}</td><td class="field-region_label">{}</td>'
    '<td class="field-state_badge">{}</td><td class="field-submitted_at nowrap">{}</td>'
    '<td class="field-reviewer_label">{}</td>'
)


@admin.register(Submission)
class SubmissionAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_field = "region"
    list_display = ["number", "kind_label", "owner_label", "region_label", "state_badge", "submitted_at",
                    "reviewer_label"]
    list_filter = [StateFilter, KindFilter, RegionFilter, ("submitted_at", admin.DateFieldListFilter)]
    # Codes are searched exactly (index lookups); names by substring.
    search_fields = ["=number", "=unit__uscc", "unit__name", "=person__id_number", "person__name"]
    show_full_result_count = False
    list_select_related = False
    list_per_page = 30
    ordering = ["submitted_at"]
    actions = ["take_selected", "approve_selected", "return_selected"]

    # ------------------------------------------------------------ scope and permissions
    def get_queryset(self, request):
        """Submissions in the staff member's regions that were sent at least once (drafts stay the owner's)."""
        return super().get_queryset(request).exclude(submitted_at__isnull=True)

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return request.user.has_perm("reviews.review_submission")

    # ------------------------------------------------------------ columns (computed by ``with_labels``)
    @admin.display(description=gettext_lazy("选择"))
    def action_checkbox(self, obj):
        return format_html('<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
                           helpers.ACTION_CHECKBOX_NAME, obj.pk, obj.number)

    @admin.display(description=gettext_lazy("业务类型"))
    def kind_label(self, obj):
        return obj.kind_label

    @admin.display(description=gettext_lazy("单位/个人"))
    def owner_label(self, obj):
        return obj.owner_label

    @admin.display(description=gettext_lazy("所属区县"))
    def region_label(self, obj):
        return obj.region_label

    @admin.display(description=gettext_lazy("审核人"))
    def reviewer_label(self, obj):
        return obj.reviewer_label or ""

    @admin.display(description=gettext_lazy("状态"), ordering="state")
    def state_badge(self, obj):
        return format_html('<span class="state state-{}">{}</span>', obj.state, obj.get_state_display())

    @csrf_protect_m
    def changelist_view(self, request, extra_context=None):
        """The admin's change list, kept under the data versions of the reviewer's regions (``reviews.queue``):
        its content for every reviewer of the same regions and actions, and each reviewer's whole page."""
        extra_context = {"title": _("业务审核队列"), **(extra_context or {})}
        scope = region_scope_path(request)
        if not versions.enabled() or not queue.cacheable(request) or scope is None:
            return super().changelist_view(request, extra_context)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        scope = None if scope is ALL else scope
        regions = queue.visible_regions(scope)
        if not regions:  # nothing could ever renew what would be kept
            return super().changelist_view(request, extra_context)
        actions = self.get_actions(request)
        permissions = (sorted(actions), sorted(self.get_model_perms(request).items()))
        scopes, key = queue.scopes_and_key(request, scope, regions, permissions)
        full_view = super().changelist_view
        missed = {}

        def render_content():
            response = missed["response"] = full_view(
                request, {**extra_context, "csrf_token": queue.CSRF_PLACEHOLDER, "queue_marks": True})
            if not (isinstance(response, TemplateResponse) and response.status_code == 200
                    and "cl" in (response.context_data or {})):
                raise _NotCached  # a redirect (wrong filter values), an error page: never kept
            response.render()
            content = queue.content_of(response.content.decode(response.charset))
            if content is None:
                raise _NotCached
            return content

        def render_page():
            content = versions.cached(scopes, key, render_content)
            if "response" in missed:  # rendered just now, for this reviewer: the page as it is
                response = missed["response"]
                return queue.without_markers(response.content.decode(response.charset))
            request.current_app = self.admin_site.name
            context = {
                **queue.site_context(self.admin_site, request), "opts": self.opts, "media": self.media,
                "action_form": bool(actions), "actions_on_top": self.actions_on_top,
                "actions_on_bottom": self.actions_on_bottom, "queue_content": mark_safe(content),
                "csrf_token": queue.CSRF_PLACEHOLDER, **extra_context,
            }
            response = TemplateResponse(request, "admin/reviews/submission/change_list.html", context).render()
            return response.content.decode(response.charset)

        try:
            if queue.messages_pending(request):  # shown once, in this page only: never kept
                page = render_page()
            else:
                page = versions.cached_one_trip(scopes, queue.page_key(key, request.user), render_page)
        except _NotCached:
            return queue.finish_page(missed["response"], request)
        return HttpResponse(queue.with_token(page, request))

    # ------------------------------------------------------------ the review page (read-only, no model form)
    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The reviewer's page: the lines, every step, and one POST form per action (受理 / 审核通过 / 回退).

        Not a change form: there is nothing to "save" here, and each button posts to ``act_view`` on its own."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"])
        queryset = self.get_queryset(request).select_related("unit", "person", "region", "reviewer", "submitter")
        submission = self.get_scoped_object_or_404(request, unquote(object_id), queryset)
        if not self.has_view_or_change_permission(request, submission):
            raise PermissionDenied
        kind = get_kind(submission.kind)
        refusal = permissions.separation_of_duties_refusal(submission, request.user)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": submission,
            "submission": submission, "kind": kind, "line": selectors.line_of(submission),
            "steps": selectors.submission_steps(submission), "return_form": ReturnReasonForm(),
            "can_review": self.has_review_permission(request) and refusal is None, "refusal": refusal,
            "title": f"{kind.label} {submission.number}", "has_view_permission": True,
            "approval_job": approvals.approval_job(submission),
            "approval_failure": approvals.approval_failure(submission),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/reviews/submission/review.html", context)

    def get_urls(self):
        custom = [path("<int:pk>/act/<str:action>/", self.admin_site.admin_view(self.act_view),
                       name="reviews_submission_act"),
                  path("<int:pk>/lines.xlsx", self.admin_site.admin_view(self.lines_export_view),
                       name="reviews_submission_lines_export")]
        return custom + super().get_urls()

    def lines_export_view(self, request, pk):
        """导出全部明细: every line of a submission in the reviewer's regions, as Excel (masked)."""
        submission = self.get_scoped_object_or_404(request, pk)
        if not self.has_view_or_change_permission(request, submission) or get_kind(submission.kind).lines is None:
            raise PermissionDenied
        return exports.lines_export(submission)

    def act_view(self, request, pk, action):
        """POST-only: one review action from the review page, then back with a message."""
        if request.method != "POST" or action not in REVIEW_ACTIONS:
            raise Http404
        submission = self.get_scoped_object_or_404(request, pk)
        if not self.has_review_permission(request):
            raise PermissionDenied
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
            if action == "approve":
                submission, job = approvals.submission_approve(submission_id=submission.pk, by=request.user)
                if job is not None:
                    return True, _("业务 %(number)s 明细较多(%(n)d条),已转入后台办理(办理中),完成后自动办结。") % {
                        "number": submission.number, "n": job.total}
            else:
                services.submission_review(submission_id=submission.pk, action=action, by=request.user,
                                           reason=reason)
        except DomainError as exc:
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
class AutoApprovalRuleAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """Centre staff choose which kinds a VIP unit's submissions skip review for (the unit must be VIP)."""

    region_field = "unit__region"
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
