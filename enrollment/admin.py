"""Read-only admin views of enrollment records for centre staff; changes happen only through approved
submissions. Staff see the records of the regions they serve (a superuser sees all)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from siportal.core.admin import ReadOnlyAdmin, RegionScopedAdminMixin
from siportal.core.masking import mask_id

from .models import Membership, MembershipChange, UnitInsurance, UnitProfile


@admin.register(UnitInsurance)
class UnitInsuranceAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_field = "unit__region"
    list_display = ["unit", "insurance_type", "start_month", "opened_by"]
    list_filter = ["insurance_type"]
    search_fields = ["unit__name", "unit__uscc", "unit__unit_number"]
    list_select_related = ["unit", "opened_by"]


@admin.register(UnitProfile)
class UnitProfileAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_field = "unit__region"
    list_display = ["unit", "industry", "injury_class", "bank_name", "updated_by", "updated_at"]
    search_fields = ["unit__name", "=unit__uscc"]
    list_select_related = ["unit", "updated_by"]


class MembershipChangeInline(admin.TabularInline):
    model = MembershipChange
    fields = ["at", "action", "reason_label", "old_status", "new_status", "month", "submission"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-at", "-id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("变更原因"))
    def reason_label(self, obj):
        return obj.reason_label


@admin.register(Membership)
class MembershipAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_field = ("unit__region", "person__region")
    list_display = ["person_name", "person_id_masked", "unit", "insurance_type", "status", "start_month",
                    "stop_month", "last_submission"]
    list_filter = ["status", "insurance_type"]
    # Codes are searched exactly (index lookups); names by substring.
    search_fields = ["=person__id_number", "person__name", "unit__name", "=unit__uscc"]
    list_select_related = ["person", "unit", "last_submission"]
    show_full_result_count = False
    inlines = [MembershipChangeInline]

    @admin.display(description=_("姓名"), ordering="person__name")
    def person_name(self, obj):
        return obj.person.name

    @admin.display(description=_("证件号码"))
    def person_id_masked(self, obj):
        return mask_id(obj.person.id_number)
