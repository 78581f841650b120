"""Contributions pages. ``public_patterns`` are mounted under /standards/ (namespace ``contributions``);
``unit_patterns`` are joined into the unit hall (namespace ``unit``)."""

from django.urls import path

from . import hall, views

public_patterns = [
    path("", views.standards, name="standards"),
]

unit_patterns = [
    path("receivables/", hall.receivables, name="receivables"),
    path("receivables/export/", hall.receivables_download, name="receivables_export"),
]
