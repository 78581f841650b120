"""Enrollment pages of the unit hall (joined into the ``unit`` namespace)."""

from django.urls import path

from .views import drafts, identity, joins, members, movements

#: Anonymous pages joined into the ``accounts`` namespace (个人注册 by photo request).
public_patterns = [
    path("register/person/claim/", identity.register_person_claim, name="register_person_claim"),
    path("register/person/claim/code/", identity.register_person_claim_code, name="register_person_claim_code"),
]

#: Centre pages outside the admin (namespace ``centre``).
centre_patterns = [
    path("identity-photo/<int:pk>/", identity.identity_photo, name="identity_photo"),
]

unit_patterns = [
    path("members/", members.members, name="members"),
    path("members/<int:pk>/", members.member_detail, name="member_detail"),
    path("staff/enrol/", joins.enrol, name="enrol_new"),
    path("staff/enrol/<int:pk>/", joins.enrol, name="enrol_edit"),
    path("staff/add/", joins.add, name="add_new"),
    path("staff/add/<int:pk>/", joins.add, name="add_edit"),
    path("staff/stop/", movements.stop, name="stop_new"),
    path("staff/stop/<int:pk>/", movements.stop, name="stop_edit"),
    path("staff/resume/", movements.resume, name="resume_new"),
    path("staff/resume/<int:pk>/", movements.resume, name="resume_edit"),
    path("staff/<int:pk>/lines/<int:line>/remove/", drafts.line_remove, name="line_remove"),
    path("staff/<int:pk>/submit/", drafts.submit, name="staff_submit"),
]
