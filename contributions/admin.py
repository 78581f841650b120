"""Centre administrators' pages: the rate configuration (policies with their items, work-injury rates and grades)
is edited here; wage bases, assessment runs and receivables are read-only (they change through services).
Staff see the regions they serve (a superuser sees all); the shared region-scoping mixin may replace
``_in_scope`` later."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Region
from siportal.core.admin import ReadOnlyAdmin
from siportal.core.masking import mask_id

from .models import AssessmentRun, Grade, InjuryRate, Item, Policy, Receivable, WageBase


def _in_scope(request, queryset, path: str):
    user = request.user
    if user.is_superuser:
        return queryset
    scope = getattr(user, "review_region", None)
    if scope is None:
        return queryset.none()
    return queryset.filter(Q(**{f"{path}__startswith": scope.path}))


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
class PolicyAdmin(admin.ModelAdmin):
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

    def get_queryset(self, request):
        return _in_scope(request, super().get_queryset(request), "region__path")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            kwargs["queryset"] = _in_scope(request, Region.objects.all(), "path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(WageBase)
class WageBaseAdmin(ReadOnlyAdmin):
    list_display = ["unit", "person_name", "person_id_masked", "effective_month", "wage", "submission"]
    search_fields = ["=person__id_number", "person__name", "=unit__uscc", "unit__name"]
    list_select_related = ["unit", "person", "submission"]
    show_full_result_count = False

    def get_queryset(self, request):
        return _in_scope(request, super().get_queryset(request), "unit__region__path")

    @admin.display(description=_("姓名"))
    def person_name(self, obj):
        return obj.person.name

    @admin.display(description=_("证件号码"))
    def person_id_masked(self, obj):
        return mask_id(obj.person.id_number)


@admin.register(AssessmentRun)
class AssessmentRunAdmin(ReadOnlyAdmin):
    list_display = ["unit", "fee_month", "persons", "lines", "unit_total", "personal_total", "by", "created_at"]
    search_fields = ["=unit__uscc", "unit__name", "=fee_month"]
    list_select_related = ["unit", "by"]

    def get_queryset(self, request):
        return _in_scope(request, super().get_queryset(request), "unit__region__path")


@admin.register(Receivable)
class ReceivableAdmin(ReadOnlyAdmin):
    list_display = ["fee_month", "unit", "person_name", "insurance_type", "item", "base", "unit_amount",
                    "personal_amount", "status"]
    list_filter = ["status", "insurance_type"]
    search_fields = ["=fee_month", "=unit__uscc", "=person__id_number"]
    list_select_related = ["unit", "person", "item"]
    show_full_result_count = False

    def get_queryset(self, request):
        return _in_scope(request, super().get_queryset(request), "unit__region__path")

    @admin.display(description=_("姓名"))
    def person_name(self, obj):
        return obj.person.name
