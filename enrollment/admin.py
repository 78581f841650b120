"""Read-only admin views of enrollment records; changes happen only through approved submissions."""

from django.contrib import admin

from .models import UnitInsurance


@admin.register(UnitInsurance)
class UnitInsuranceAdmin(admin.ModelAdmin):
    list_display = ["unit", "insurance_type", "start_month", "opened_by"]
    list_filter = ["insurance_type"]
    search_fields = ["unit__name", "unit__uscc", "unit__unit_number"]
    list_select_related = ["unit", "opened_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
