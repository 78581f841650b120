"""Centre administrators' pages: the rate configuration (policies with their items, work-injury rates and grades)
is edited here; wage bases, assessment runs and receivables are read-only (they change through services).
Staff see the regions they serve (a superuser sees all), through the one region-scoping mixin of every admin."""

import tempfile
from io import BytesIO
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from siportal.core.admin import ReadOnlyAdmin, RegionScopedAdminMixin
from siportal.core.excel import FileRefused
from siportal.core.masking import mask_id

from .models import AssessmentRun, Grade, InjuryRate, Item, Policy, Receivable, WageBase
from .services.items_excel import ItemsRefused, policy_items_export, policy_items_load


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ["category", "order", "insurance_type", "name", "base_source", "fixed_base", "unit_rate",
              "personal_rate", "unit_rate_by_injury_class", "fixed_unit_amount", "fixed_personal_amount",
              "base_rounding", "amount_rounding", "account_percent"]


class InjuryRateInline(admin.TabularInline):
    model = InjuryRate
    extra = 0
    max_num = 8


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0


@admin.register(Policy)
class PolicyAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_field = "region"
    list_display = ["region", "start_month", "name", "average_wage", "floor_percent", "ceiling_percent",
                    "due_day", "late_fee_daily_rate"]
    list_filter = ["region"]
    search_fields = ["name", "=start_month"]
    list_select_related = ["region"]
    fieldsets = [
        (None, {"fields": ["region", "start_month", "name"]}),
        (_("缴费基数"), {"fields": ["average_wage", ("floor_percent", "ceiling_percent"),
                                   ("floor_amount", "ceiling_amount")]}),
        (_("申报与缴费期限"), {"fields": [("declare_from_day", "declare_to_day"), "due_day", "late_fee_daily_rate"]}),
        (_("未申报处理"), {"fields": ["undeclared_rule", "undeclared_percent"]}),
    ]
    inlines = [ItemInline, InjuryRateInline, GradeInline]



    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/items.xlsx", wrap(self.items_export), name="contributions_policy_items_export"),
            path("<int:pk>/items/load/", wrap(self.items_load), name="contributions_policy_items_load"),
            *super().get_urls(),
        ]

    def _policy(self, request, pk: int, *, change: bool) -> Policy:
        policy = self.get_queryset(request).filter(pk=pk).first()
        allowed = self.has_change_permission(request, policy) if change else self.has_view_permission(request, policy)
        if policy is None or not allowed:
            raise Http404
        return policy

    def items_export(self, request, pk: int):
        """The policy's items as an Excel sheet (the same layout the load accepts)."""
        policy = self._policy(request, pk, change=False)
        buffer = BytesIO()
        policy_items_export(policy=policy, target=buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="policy-{policy.pk}-items.xlsx"'
        return response

    def items_load(self, request, pk: int):
        """Replace the policy's items with an uploaded sheet; every refused row is listed, nothing is written."""
        policy = self._policy(request, pk, change=True)
        form = ItemsUploadForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            with tempfile.TemporaryDirectory() as tmp:
                target = Path(tmp) / "upload"
                target.write_bytes(upload.read())
                try:
                    count = policy_items_load(policy=policy, path=target, name=upload.name)
                except ItemsRefused as exc:
                    errors = exc.errors
                except FileRefused as exc:
                    errors = [str(exc)]
                else:
                    messages.success(request, _("已导入%(n)s个缴费项目。") % {"n": count})
                    return redirect(reverse("admin:contributions_policy_change", args=[policy.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "original": policy,
                   "title": _("从Excel导入缴费项目"), "form": form, "errors": errors}
        return TemplateResponse(request, "admin/contributions/policy/items_load.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ItemsUploadForm(forms.Form):
    file = forms.FileField(label=_("缴费项目Excel文件"), help_text=_("先导出本期缴费项目作为模板,修改后上传;上传后替换本期全部缴费项目。"))


@admin.register(WageBase)
class WageBaseAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_field = "unit__region"
    list_display = ["unit", "person_name", "person_id_masked", "effective_month", "wage", "submission"]
    search_fields = ["=person__id_number", "person__name", "=unit__uscc", "unit__name"]
    list_select_related = ["unit", "person", "submission"]
    show_full_result_count = False


    @admin.display(description=_("姓名"))
    def person_name(self, obj):
        return obj.person.name

    @admin.display(description=_("证件号码"))
    def person_id_masked(self, obj):
        return mask_id(obj.person.id_number)


@admin.register(AssessmentRun)
class AssessmentRunAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_field = "unit__region"
    list_display = ["unit", "fee_month", "persons", "lines", "unit_total", "personal_total", "by", "created_at"]
    search_fields = ["=unit__uscc", "unit__name", "=fee_month"]
    list_select_related = ["unit", "by"]



@admin.register(Receivable)
class ReceivableAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_field = "unit__region"
    list_display = ["fee_month", "unit", "person_name", "insurance_type", "item", "base", "unit_amount",
                    "personal_amount", "status"]
    list_filter = ["status", "insurance_type"]
    search_fields = ["=fee_month", "=unit__uscc", "=person__id_number"]
    list_select_related = ["unit", "person", "item"]
    show_full_result_count = False


    @admin.display(description=_("姓名"))
    def person_name(self, obj):
        return obj.person.name
