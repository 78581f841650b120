"""Enrollment pages of the unit hall (joined into the ``unit`` namespace)."""

from django.urls import path

from reviews import draft_views

from .models import KindCode
from .views import identity, members

#: Anonymous pages joined into the ``accounts`` namespace (个人注册 by photo request).
public_patterns = [
    path("register/person/claim/", identity.register_person_claim, name="register_person_claim"),
    path("register/person/claim/code/", identity.register_person_claim_code, name="register_person_claim_code"),
]

#: Centre pages outside the admin (namespace ``centre``).
centre_patterns = [
    path("identity-photo/<int:pk>/", identity.identity_photo, name="identity_photo"),
]

def _draft_paths(prefix: str, kind: str, name: str) -> list:
    return [path(prefix, draft_views.draft_page, {"hall": "unit", "kind": kind}, name=f"{name}_new"),
            path(f"{prefix}<int:pk>/", draft_views.draft_page, {"hall": "unit", "kind": kind}, name=f"{name}_edit")]


unit_patterns = [
    path("members/", members.members, name="members"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    # The staff kinds' draft pages are the kernel's (reviews.draft_views); these are the addresses users have.
    *_draft_paths("staff/enrol/", KindCode.STAFF_ENROL, "enrol"),
    *_draft_paths("staff/add/", KindCode.STAFF_ADD, "add"),
    *_draft_paths("staff/stop/", KindCode.STAFF_STOP, "stop"),
    *_draft_paths("staff/resume/", KindCode.STAFF_RESUME, "resume"),
    path("staff/<int:pk>/lines/<int:line>/remove/", draft_views.draft_line_remove, {"hall": "unit"},
         name="line_remove"),
    path("staff/<int:pk>/submit/", draft_views.draft_submit, {"hall": "unit"}, name="staff_submit"),
]
