"""Read-only admin pages of the shared kernel: the SMS outbox (短信发件箱) and the audit trail (操作审计)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Job, SmsMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through services (or never): visible in the admin, not editable there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    """The outbox as staff see it: secrets (codes, passwords, links) are never shown, only ``******``."""

    list_display = ["created_at", "mobile", "redacted_text", "sent_at"]
    fields = ["mobile", "redacted_text", "created_at", "sent_at"]
    readonly_fields = fields
    search_fields = ["=mobile"]
    date_hierarchy = "created_at"

    @admin.display(description=_("内容"))
    def redacted_text(self, obj):
        return obj.redacted_text


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Audit rows are only ever inserted: no add, change or delete, not even for superusers."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "detail", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "=object_id", "actor__username", "detail"]
    date_hierarchy = "at"
    list_select_related = ["actor"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Background jobs (batch imports): status and counters, for support staff."""

    list_display = ["id", "kind", "created_by", "status", "stage", "total", "accepted", "refused", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["=id", "file_name", "=file_hash"]
    exclude = ["file", "output"]  # uploaded files hold full ID numbers; they stay with their unit
