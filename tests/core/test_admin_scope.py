"""Every admin page is scoped to the staff member's regions (issue 8.7): one mixin on every registered admin, and
a district reviewer holding every view permission still sees nothing of another district — not in a list, a
search, a filter's choices, an object page or a custom view."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import BindingCredential, Person, Region, Unit, User
from accounts.services import credential_issue
from siportal.core.admin import RegionScopedAdminMixin, SuperuserOnlyAdminMixin, region_scope_filter
from siportal.core.models import AuditEvent, Job, SmsMessage
from tests import factories


@pytest.mark.django_db
def test_every_registered_admin_is_region_scoped_or_superuser_only():
    unscoped = [model._meta.label for model, model_admin in admin.site._registry.items()
                if not isinstance(model_admin, (RegionScopedAdminMixin, SuperuserOnlyAdminMixin))]
    assert unscoped == [], f"admin pages without a region scope: {unscoped}"
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, RegionScopedAdminMixin):
            # the declared path leads to a region: the scope filter compiles and runs
            list(model._default_manager.filter(region_scope_filter(model, model_admin.region_field, "99/")))


@pytest.fixture
def viewer(district):
    """A district reviewer who holds every view permission of the site."""
    user = factories.reviewer(district, username="viewer_east")
    user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    return User.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def records(unit, agent, foreign_unit, foreign_agent, district, other_district):
    """One record per model in each district: (own, foreign, a search term that finds the foreign one)."""
    own_person = factories.person(region=district, name="东城居民")
    foreign_person = factories.person(region=other_district, name="西城居民")
    own_cred, _ = credential_issue(unit=unit, by=None)
    foreign_cred, _ = credential_issue(unit=foreign_unit, by=None)
    return {
        "accounts.unit": (unit, foreign_unit, foreign_unit.uscc),
        "accounts.person": (own_person, foreign_person, foreign_person.id_number),
        "accounts.user": (agent, foreign_agent, foreign_agent.username),
        "accounts.region": (district, other_district, other_district.name),
        "accounts.bindingcredential": (own_cred, foreign_cred, foreign_cred.username),
        "accounts.commitmentletter": (unit.commitment_letters.get(), foreign_unit.commitment_letters.get(),
                                      foreign_unit.uscc),
        "core.auditevent": (AuditEvent.objects.create(actor=agent, action="test.own", object_id="own"),
                            AuditEvent.objects.create(actor=foreign_agent, action="test.foreign",
                                                      object_id="foreign"), "foreign"),
        "core.job": (Job.objects.create(kind="import", created_by=agent, unit=agent.unit, file_name="own.xlsx"),
                     Job.objects.create(kind="import", created_by=foreign_agent, unit=foreign_agent.unit, file_name="foreign.xlsx"),
                     "foreign.xlsx"),
    }


def _url(obj, view, *args):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=args)


def _listed(client, obj, **params):
    response = client.get(_url(obj, "changelist"), params)
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


SCOPED = ["accounts.unit", "accounts.person", "accounts.user", "accounts.region", "accounts.bindingcredential",
          "accounts.commitmentletter", "core.auditevent", "core.job"]


@pytest.mark.django_db
@pytest.mark.parametrize("label", SCOPED)
def test_a_district_reviewer_sees_only_own_district_in_list_search_and_object_pages(client, viewer, records,
                                                                                    label):
    own, foreign, term = records[label]
    client.force_login(viewer)
    listed = _listed(client, own)
    assert own.pk in listed and foreign.pk not in listed
    assert foreign.pk not in _listed(client, own, q=term)
    for view in ("change", "history", "delete"):
        response = client.get(_url(foreign, view, foreign.pk))
        # the admin's "does not exist" answer (a redirect home) or 404/403 — never the object
        assert response.status_code in (302, 403, 404), view
        if response.status_code == 302:
            assert response.url == reverse("admin:index")
    assert client.get(_url(own, "change", own.pk)).status_code == 200


@pytest.mark.django_db
def test_a_superuser_sees_every_district(client, records):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    for label in SCOPED:
        own, foreign, _term = records[label]
        listed = _listed(client, own)
        assert own.pk in listed and foreign.pk in listed, label


@pytest.mark.django_db
def test_sms_outbox_is_for_superusers_only(client, viewer):
    message = SmsMessage.objects.create(mobile="13800000001", text="【社保网厅】验证码 123456")
    client.force_login(viewer)
    assert client.get(reverse("admin:core_smsmessage_changelist")).status_code == 403
    assert client.get(reverse("admin:core_smsmessage_change", args=[message.pk])).status_code in (302, 403)
    assert "短信发件箱" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["admin:axes_accessattempt_changelist", "admin:axes_accessfailurelog_changelist",
                                      "admin:auth_group_changelist"])
def test_lockout_records_and_groups_are_for_superusers_only(client, viewer, url_name):
    client.force_login(viewer)
    assert client.get(reverse(url_name)).status_code == 403


def _region_choices(response):
    return [str(label) for spec in response.context["cl"].filter_specs
            for _pk, label in getattr(spec, "lookup_choices", []) if getattr(spec, "field", None)
            and spec.field.related_model is Region]


@pytest.mark.django_db
def test_region_filter_lists_only_the_staff_members_subtree(client, viewer, records, city):
    far_city = factories.city(code="980100", name="外市")
    factories.district(far_city, code="980101", name="外市一区")
    city_viewer = factories.reviewer(city, username="viewer_city")
    city_viewer.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(city_viewer)
    for name in ("accounts_unit", "accounts_person", "accounts_user"):
        choices = _region_choices(client.get(reverse(f"admin:{name}_changelist")))
        assert "东城区" in choices and "西城区" in choices and "外市一区" not in choices, (name, choices)
    client.force_login(viewer)
    for name in ("accounts_unit", "accounts_person", "accounts_user"):
        assert "西城区" not in _region_choices(client.get(reverse(f"admin:{name}_changelist"))), name
    # the choice of a foreign region in the URL shows nothing of it either
    other = Region.objects.get(name="西城区")
    own_unit, foreign_unit, _term = records["accounts.unit"]
    assert foreign_unit.pk not in _listed(client, own_unit, region__id__exact=other.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "1 OR 1=1", "-1"])
def test_bad_region_filter_values_are_not_a_server_error(client, viewer, value):
    client.force_login(viewer)
    assert client.get(reverse("admin:reviews_submission_changelist"), {"region": value}).status_code in (200, 302)
    assert client.get(reverse("admin:accounts_unit_changelist"), {"region__id__exact": value}).status_code in (
        200, 302)


@pytest.fixture
def unit_editor(viewer):
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["change_unit", "change_user"]))
    return User.objects.get(pk=viewer.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["admin:accounts_unit_credential", "admin:accounts_unit_unbind"])
def test_unit_custom_views_are_404_outside_the_scope(client, unit_editor, foreign_unit, unit, url_name):
    client.force_login(unit_editor)
    assert client.get(reverse(url_name, args=[foreign_unit.pk])).status_code == 404
    assert client.post(reverse(url_name, args=[foreign_unit.pk])).status_code == 404
    assert not BindingCredential.objects.filter(unit=foreign_unit).exists()
    assert Unit.objects.get(pk=foreign_unit.pk).is_bound
    assert client.get(reverse(url_name, args=[unit.pk])).status_code == 200


@pytest.mark.django_db
def test_binding_sheet_of_a_foreign_unit_is_404(client, unit_editor, foreign_unit):
    credential, _ = credential_issue(unit=foreign_unit, by=None)
    client.force_login(unit_editor)
    assert client.get(reverse("admin:accounts_unit_binding_sheet", args=[credential.pk])).status_code == 404


@pytest.mark.django_db
def test_form_choices_offer_only_regions_and_units_in_scope(client, unit_editor, unit, agent):
    client.force_login(unit_editor)
    region_field = client.get(reverse("admin:accounts_unit_change", args=[unit.pk])).context["adminform"].form
    assert set(region_field.fields["region"].queryset.values_list("name", flat=True)) == {"东城区"}
    user_form = client.get(reverse("admin:accounts_user_change", args=[agent.pk])).context["adminform"].form
    assert "is_superuser" not in user_form.fields and "user_permissions" not in user_form.fields
    assert set(user_form.fields["review_region"].queryset.values_list("name", flat=True)) == {"东城区"}


@pytest.mark.django_db
def test_a_staff_member_without_a_region_sees_nothing(client, records):
    staff = factories.user(kind="staff", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client.force_login(staff)
    for label in SCOPED:
        own, _foreign, _term = records[label]
        assert _listed(client, own) == set(), label
    assert Person.objects.exists()
