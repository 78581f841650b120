"""Centre-side administration of accounts: regions, units (binding credentials, unbinding), persons, users.

Admin views stay thin like the hall views: the binding actions call the same services as the unit hall.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.forms import ModelMultipleChoiceField
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siportal.core.admin import ReadOnlyAdmin, RegionScopedAdminMixin
from siportal.core.crypto import SealBroken, seal, unseal
from siportal.core.http import file_response, mark_no_store
from siportal.core.masking import mask_id, mask_phone
from siportal.core.pdf import render_pdf
from siportal.core.services import audit_record

from .models import BindingCredential, CommitmentLetter, Person, Region, Unit, User
from .services import AccountError, credential_issue, login_unlock, person_account_reset, unit_unbind

SHEET_SESSION_KEY = "accounts.binding_sheet"
SHEET_PURPOSE = "accounts.binding_sheet"
SHEET_MAX_AGE = 15 * 60  # seconds: the slip is printed right after issuing, or the credential is issued again


@admin.register(Region)
class RegionAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_field = ""  # the region itself: a reviewer sees the region served and the districts under it
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]


@admin.register(Person)
class PersonAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    # registered in a region in scope, or insured by a unit in scope
    region_field = ("region", "memberships__unit__region")
    list_display = ["name", "id_type", "masked_id", "sex", "birth_date", "region", "masked_mobile"]
    list_filter = ["id_type", "sex", "region"]
    search_fields = ["name", "=id_number"]
    readonly_fields = ["created_at"]

    @admin.display(description=gettext_lazy("证件号码"))
    def masked_id(self, obj):
        return mask_id(obj.id_number)

    @admin.display(description=gettext_lazy("手机号"))
    def masked_mobile(self, obj):
        return mask_phone(obj.mobile)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Full ID numbers are shown only here, so every opening of this page is audited."""
        if request.method == "GET":
            person = self.get_object(request, object_id)
            if person is not None:
                audit_record(actor=request.user, action="person.viewed", obj=person, request=request)
        return super().change_view(request, object_id, form_url, extra_context)


#: How the admin names the four model permissions Django creates (their stored names are English).
PERMISSION_ACTIONS = {"add": gettext_lazy("新增"), "change": gettext_lazy("修改"), "delete": gettext_lazy("删除"),
                      "view": gettext_lazy("查看")}


class PermissionChoiceField(ModelMultipleChoiceField):
    """Permissions of the models the admin shows, named in Chinese (“业务审核 | 查看业务”)."""

    def label_from_instance(self, permission):
        model = permission.content_type.model_class()
        action, _sep, model_name = permission.codename.partition("_")
        app = model._meta.app_config.verbose_name if model else permission.content_type.app_label
        if model is not None and action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
            return f"{app} | {PERMISSION_ACTIONS[action]}{model._meta.verbose_name}"
        return f"{app} | {permission.name}"


def admin_permissions(site):
    """Permissions that mean something here: those of the models registered on the admin site."""
    content_types = ContentType.objects.get_for_models(*site._registry).values()
    return Permission.objects.filter(content_type__in=content_types).select_related("content_type")


@admin.register(User)
class UserAdmin(RegionScopedAdminMixin, DjangoUserAdmin):
    region_field = ("unit__region", "person__region", "review_region")
    list_display = ["username", "name", "kind", "unit", "masked_mobile", "review_region", "is_active", "is_staff",
                    "is_demo"]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser", "is_demo", "review_region"]
    search_fields = ["username", "name", "=mobile", "unit__name"]
    list_select_related = ["unit", "review_region"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (gettext_lazy("账号信息"), {"fields": ["kind", "name", "mobile", "id_number", "unit", "person",
                                           "review_region", "is_demo", "must_change_password"]}),
        (gettext_lazy("权限"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (gettext_lazy("重要日期"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2", "kind", "name", "mobile",
                                                "review_region", "is_staff"]}),
    ]
    raw_id_fields = ["unit", "person"]
    actions = ["unlock_action", "reset_individual_action"]

    @admin.display(description=gettext_lazy("手机号"))
    def masked_mobile(self, obj):
        return mask_phone(obj.mobile)

    def _each(self, request, queryset, service, done):
        for user in queryset:
            try:
                service(user=user, by=request.user, request=request)
            except AccountError as error:
                self.message_user(request, f"{user}:{error}", messages.ERROR)
            else:
                self.message_user(request, done % {"user": user}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("解除登录锁定"), permissions=["change"])
    def unlock_action(self, request, queryset):
        self._each(request, queryset, login_unlock, _("已解除%(user)s的登录锁定。"))

    @admin.action(description=gettext_lazy("重置个人账号(本人到窗口核验身份后)"), permissions=["change"])
    def reset_individual_action(self, request, queryset):
        """Destructive: a confirmation page first; then each account is deactivated and unlinked (audited)."""
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(request, "accounts/admin/reset_individual_confirm.html", {
                **self.admin_site.each_context(request), "title": _("确认重置个人账号"), "users": queryset,
                "action": "reset_individual_action", "opts": self.model._meta,
            })
        self._each(request, queryset, person_account_reset,
                   _("已重置%(user)s的个人账号,本人可重新注册。"))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "user_permissions":
            kwargs.setdefault("queryset", admin_permissions(self.admin_site))
            kwargs.setdefault("form_class", PermissionChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        """Only a superuser grants superuser status, groups or single permissions (no self-promotion)."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "groups", "user_permissions"]
        return readonly


@admin.register(Unit)
class UnitAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_field = "region"
    list_display = ["name", "uscc", "region", "bound_state", "unit_number", "is_vip", "registered_at"]
    list_filter = ["region", ("bound_at", admin.EmptyFieldListFilter), "is_vip"]
    search_fields = ["name", "=uscc", "unit_number"]
    readonly_fields = ["master", "bound_at", "unit_number", "opened_at", "registered_at"]
    list_select_related = ["region"]
    actions = ["issue_credential_action", "unbind_action"]
    change_form_template = "accounts/admin/unit_change_form.html"

    @admin.display(description=gettext_lazy("绑定状态"), boolean=True)
    def bound_state(self, obj):
        return obj.is_bound

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/credential/", view(self.issue_credential_view), name="accounts_unit_credential"),
            path("<int:object_id>/unbind/", view(self.unbind_view), name="accounts_unit_unbind"),
            path("credential/<int:credential_id>/sheet.pdf", view(self.binding_sheet_view),
                 name="accounts_unit_binding_sheet"),
        ] + super().get_urls()

    # ------------------------------------------------------------ list actions lead to the per-unit pages
    def _one(self, request, queryset, url_name):
        if queryset.count() != 1:
            self.message_user(request, _("请只选择一个单位。"), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse(f"admin:{url_name}", args=[queryset.get().pk]))

    @admin.action(description=gettext_lazy("生成绑定凭据"), permissions=["change"])
    def issue_credential_action(self, request, queryset):
        return self._one(request, queryset, "accounts_unit_credential")

    @admin.action(description=gettext_lazy("解除绑定"), permissions=["change"])
    def unbind_action(self, request, queryset):
        return self._one(request, queryset, "accounts_unit_unbind")

    # ------------------------------------------------------------ per-unit pages
    def _unit(self, request, object_id) -> Unit:
        unit = self.get_scoped_object_or_404(request, object_id)
        if not self.has_change_permission(request, unit):
            raise PermissionDenied
        return unit

    def _context(self, request, unit, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, "original": unit, "unit": unit,
                "title": title, **extra}

    def issue_credential_view(self, request, object_id):
        unit = self._unit(request, object_id)
        if request.method != "POST":
            return TemplateResponse(request, "accounts/admin/credential_confirm.html",
                                    self._context(request, unit, _("生成绑定凭据")))
        credential, password = credential_issue(unit=unit, by=request.user, request=request)
        # The plaintext lives only in this (uncached) response; for the one PDF download the session keeps it
        # encrypted (key derived from SECRET_KEY), so a session row read from the database or a backup holds
        # no usable password, and the seal expires with SHEET_MAX_AGE.
        request.session[SHEET_SESSION_KEY] = {"credential": credential.pk,
                                              "sealed": seal(password, purpose=SHEET_PURPOSE)}
        response = TemplateResponse(request, "accounts/admin/credential_issued.html", self._context(
            request, unit, _("绑定凭据已生成"), credential=credential, password=password))
        return mark_no_store(response)

    def binding_sheet_view(self, request, credential_id):
        credential = get_object_or_404(BindingCredential.objects.select_related("unit__region"), pk=credential_id)
        self._unit(request, credential.unit_id)  # 404 outside the staff member's regions
        data = request.session.pop(SHEET_SESSION_KEY, None)
        password = None
        if data and data.get("credential") == credential.pk:
            try:
                password = unseal(data.get("sealed", ""), purpose=SHEET_PURPOSE, max_age=SHEET_MAX_AGE)
            except SealBroken:
                password = None
        if password is None:
            self.message_user(request, _("《注册信息打印单》只能在生成绑定凭据后立即下载一次。如需重新打印,请重新生成绑定凭据"
                                         "(此前的凭据将作废)。"), messages.ERROR)
            return redirect("admin:accounts_unit_change", credential.unit_id)
        pdf = render_pdf("pdf/binding_sheet.html", {"unit": credential.unit, "credential": credential,
                                                     "password": password})
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="binding-{credential.username}.pdf"'
        return mark_no_store(response)

    def unbind_view(self, request, object_id):
        unit = self._unit(request, object_id)
        if request.method == "POST":
            try:
                unit_unbind(unit=unit, by=request.user, request=request)
            except AccountError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, _("已解除“%(u)s”的业务绑定。") % {"u": unit.name}, messages.SUCCESS)
            return redirect("admin:accounts_unit_change", unit.pk)
        return TemplateResponse(request, "accounts/admin/unbind_confirm.html",
                                self._context(request, unit, _("解除绑定")))


@admin.register(BindingCredential)
class BindingCredentialAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_field = "unit__region"
    list_display = ["username", "unit", "issued_by", "issued_at", "expires_at", "used_at", "revoked_at"]
    list_filter = [("used_at", admin.EmptyFieldListFilter), ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["username", "unit__name", "=unit__uscc"]
    fields = ["username", "unit", "issued_by", "issued_at", "expires_at", "used_at", "revoked_at"]
    list_select_related = ["unit", "issued_by"]


@admin.register(CommitmentLetter)
class CommitmentLetterAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_field = "unit__region"
    list_display = ["unit", "file_type", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["unit__name", "=unit__uscc"]
    fields = ["unit", "download", "file_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["download", "file_type"]
    list_select_related = ["unit", "uploaded_by"]

    @admin.display(description=gettext_lazy("承诺书扫描件"))
    def download(self, obj):
        url = reverse("admin:accounts_commitmentletter_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("下载扫描件"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.file_view)
        return [path("<int:letter_id>/file/", view, name="accounts_commitmentletter_file")] + super().get_urls()

    def file_view(self, request, letter_id):
        """The scan, never as static media: view permission and the unit's region within the staff's scope."""
        letter = get_object_or_404(self.get_queryset(request), pk=letter_id)  # region-scoped
        if not self.has_view_permission(request, letter):
            raise Http404
        return file_response(letter.file, filename=f"commitment-{letter.pk}.{letter.extension}")

    @admin.display(description=gettext_lazy("文件类型"))
    def file_type(self, obj):
        return obj.extension.upper()
