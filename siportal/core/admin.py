"""Admin pages of the shared kernel and the one rule every admin page follows: region scoping.

Every ``ModelAdmin`` registered on the site uses exactly one of two mixins (a test enumerates
``admin.site._registry`` to keep it so):

``RegionScopedAdminMixin``
    Centre staff see only objects of regions under the region they serve (``user.review_region``: a city
    reviewer sees all its districts, a district reviewer only that district); superusers (the centre's
    administrators) see everything; staff without a region see nothing. The model declares how it reaches a
    region with ``region_field`` — a lookup path to a region foreign key (``"unit__region"``), ``""`` for the
    region model itself, or a tuple of paths (visible when any of them is in scope). The scope applies to the
    changelist, search, filters (the choices of relation filters are the related admin's own scoped rows),
    foreign-key choices in forms, autocomplete, object pages (change / history / delete give the admin's
    "does not exist" answer) and every custom view (``get_scoped_object_or_404``: 404 outside the scope).

``SuperuserOnlyAdminMixin``
    Records without a region and not reachable through one, or that grant power: visible to superusers only.

Per-model decisions (models without a region of their own):

================================  =================================================================
SMS outbox (``SmsMessage``)       superusers only: a message is tied to a mobile number, not a
                                  region, and may carry one-time codes.
audit trail (``AuditEvent``)      through the actor: the acting user's unit, person or review region.
background jobs (``Job``)         through the user who started it: that user's unit region.
users (``User``)                  through the user's unit, person or review region.
persons (``Person``)              their own region, or a membership with a unit in scope.
login lockout (django-axes)       superusers only (records of usernames and IP addresses).
groups (``auth.Group``)           superusers only (they grant permissions).
fsm state logs                    not registered; reached only through a submission's review page.
================================  =================================================================
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditEvent, Job, SmsMessage

#: The "no restriction" answer of ``region_scope_path`` (a superuser).
ALL = object()


def region_scope_path(request):
    """The region path the request's user is limited to; ``ALL`` for superusers, ``None`` for no region.

    Cached on the request: one admin page asks many times (list, filters, form choices)."""
    cached = getattr(request, "_region_scope_path", False)
    if cached is not False:
        return cached
    user = request.user
    if user.is_active and user.is_superuser:
        path = ALL
    else:
        region = getattr(user, "review_region", None) if user.is_active and user.is_staff else None
        path = region.path if region is not None else None
    request._region_scope_path = path
    return path


def _related_model(model, path: str):
    fields = get_fields_from_path(model, path)
    return fields[-1].related_model, any(f.many_to_many or f.one_to_many for f in fields)


def region_scope_filter(model, region_field, path: str) -> Q:
    """The ``Q`` keeping the rows of ``model`` whose ``region_field`` path(s) lie under region ``path``."""
    paths = (region_field,) if isinstance(region_field, str) else tuple(region_field)
    where = Q()
    for field in paths:
        if not field:
            where |= Q(path__startswith=path)
            continue
        region_model, multi = _related_model(model, field)
        regions = region_model.objects.filter(path__startswith=path).values("pk")
        if multi:  # a reverse or many-valued path would repeat rows: filter by a subquery instead
            where |= Q(pk__in=model._base_manager.filter(**{f"{field}__in": regions}).values("pk"))
        else:
            where |= Q(**{f"{field}__in": regions})
    return where


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A relation filter listing only what the related model's own admin lets this user see."""

    def field_choices(self, field, request, model_admin):
        related_admin = model_admin.admin_site._registry.get(field.related_model)
        if isinstance(related_admin, SuperuserOnlyAdminMixin) and not request.user.is_superuser:
            return []
        if not isinstance(related_admin, RegionScopedAdminMixin):
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        visible = related_admin.get_queryset(request).values("pk")
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=Q(pk__in=visible))


class RegionScopedAdminMixin:
    """Limit an admin to the staff member's region subtree; see the module docstring for the rules."""

    #: Lookup path(s) from the model to a region foreign key; ``""`` when the model is the region itself.
    region_field: str | tuple[str, ...]

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def scope_queryset(self, request, queryset):
        path = region_scope_path(request)
        if path is ALL:
            return queryset
        if path is None:
            return queryset.none()
        return queryset.filter(region_scope_filter(self.model, self.region_field, path))

    def in_scope(self, request, obj) -> bool:
        if region_scope_path(request) is ALL:
            return True
        cache = request.__dict__.setdefault("_region_scope_objects", {})
        key = (self.model._meta.label, obj.pk)
        if key not in cache:
            cache[key] = self.get_queryset(request).filter(pk=obj.pk).exists()
        return cache[key]

    def get_scoped_object_or_404(self, request, object_id, queryset=None):
        """For custom admin views: the object if this user's scope holds it, else 404."""
        try:
            return get_object_or_404(queryset if queryset is not None else self.get_queryset(request), pk=object_id)
        except (ValueError, ValidationError) as exc:  # a malformed id is a missing object, never a 500
            raise Http404 from exc

    # -- object permissions: a model permission is not enough outside the scope
    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self.in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self.in_scope(request, obj))

    # -- filters and form choices list only what is in scope
    def get_list_filter(self, request):
        scoped = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and get_fields_from_path(self.model, item)[-1].is_relation:
                item = (item, ScopedRelatedFieldListFilter)
            scoped.append(item)
        return scoped

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related_admin = self.admin_site._registry.get(db_field.related_model)
        if "queryset" not in kwargs and isinstance(related_admin, RegionScopedAdminMixin):
            kwargs["queryset"] = related_admin.get_queryset(request)
        elif "queryset" not in kwargs and isinstance(related_admin, SuperuserOnlyAdminMixin):
            if not request.user.is_superuser:
                kwargs["queryset"] = db_field.related_model._default_manager.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SuperuserOnlyAdminMixin:
    """An admin only superusers (the centre's administrators) may open, whatever model permissions say."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if self._superuser(request) else queryset.none()

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request) and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through services (or never): visible in the admin, not editable there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SmsMessage)
class SmsMessageAdmin(SuperuserOnlyAdminMixin, ReadOnlyAdmin):
    """The outbox as staff see it: secrets (codes, passwords, links) are never shown, only ``******``."""

    list_display = ["created_at", "mobile", "redacted_text", "sent_at"]
    fields = ["mobile", "redacted_text", "created_at", "sent_at"]
    readonly_fields = fields
    search_fields = ["=mobile"]
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("内容"))
    def redacted_text(self, obj):
        return obj.redacted_text


@admin.register(AuditEvent)
class AuditEventAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    """Audit rows are only ever inserted: no add, change or delete, not even for superusers."""

    region_field = ("actor__unit__region", "actor__person__region", "actor__review_region")
    list_display = ["at", "actor", "action", "object_type", "object_id", "detail", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "=object_id", "actor__username", "detail"]
    date_hierarchy = "at"
    list_select_related = ["actor"]


@admin.register(Job)
class JobAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    """Background jobs (batch imports): status and counters, for support staff."""

    region_field = "unit__region"  # the unit the job belongs to (recorded at creation)
    list_display = ["id", "kind", "created_by", "status", "stage", "total", "accepted", "refused", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["=id", "file_name", "=file_hash"]
    exclude = ["file", "output"]  # uploaded files hold full ID numbers; they stay with their unit



# ---------------------------------------------------------------- third-party admins, superusers only
def _superuser_only(model, admin_class=None):
    """Re-register a third-party admin behind ``SuperuserOnlyAdminMixin``."""
    site = admin.site
    base = admin_class or type(site._registry[model])
    if model in site._registry:
        site.unregister(model)
    site.register(model, type(base.__name__, (SuperuserOnlyAdminMixin, base), {"__module__": __name__}))


def _restrict_third_party_admins():
    from axes import admin as axes_admin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
        """django-axes' page with its two unlabelled columns named in Chinese."""

        @admin.display(description=gettext_lazy("过期时间"))
        def expiration(self, obj):
            return super().expiration(obj)

        @admin.display(description=gettext_lazy("锁定状态"))
        def status(self, obj):
            return super().status(obj)

    apps.get_app_config("axes").verbose_name = gettext_lazy("登录安全(失败锁定)")
    # django-axes names its records in English (page titles, breadcrumbs); staff read them in Chinese.
    AccessAttempt.__str__ = lambda self: _("%(user)s 的登录尝试(%(at)s)") % {
        "user": self.username, "at": localize(localtime(self.attempt_time))}
    AccessFailureLog.__str__ = lambda self: _("%(user)s 登录失败(%(at)s,%(ip)s)") % {
        "user": self.username, "at": localize(localtime(self.attempt_time)), "ip": self.ip_address}
    AccessLog.__str__ = lambda self: _("%(user)s 的登录日志(%(at)s)") % {
        "user": self.username, "at": localize(localtime(self.attempt_time))}
    for model, admin_class in ((AccessAttempt, AccessAttemptAdmin), (AccessLog, None), (AccessFailureLog, None),
                               (Group, None)):
        if model in admin.site._registry:
            _superuser_only(model, admin_class)


_restrict_third_party_admins()
