"""Read-only admin views of enrollment records; changes happen only through approved submissions."""

from django.contrib import admin

from siportal.core.admin import ReadOnlyAdmin

from .models import UnitInsurance


@admin.register(UnitInsurance)
class UnitInsuranceAdmin(ReadOnlyAdmin):
    list_display = ["unit", "insurance_type", "start_month", "opened_by"]
    list_filter = ["insurance_type"]
    search_fields = ["unit__name", "unit__uscc", "unit__unit_number"]
    list_select_related = ["unit", "opened_by"]
