"""Batch import pages of the unit hall (joined into the ``unit`` namespace by ``siportal/urls.py``)."""

from django.urls import path

from . import views

unit_patterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/<slug:code>/template/", views.import_template, name="import_template"),
    path("imports/<slug:code>/upload/", views.import_upload, name="import_upload"),
    path("imports/jobs/<int:pk>/", views.import_job, name="import_job"),
    path("imports/jobs/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/jobs/<int:pk>/refused/", views.import_refused, name="import_refused"),
    path("imports/jobs/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/jobs/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
]
