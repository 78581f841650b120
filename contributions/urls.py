"""Contributions pages. ``public_patterns`` are mounted under /standards/ (namespace ``contributions``)."""

from django.urls import path

from . import views

public_patterns = [
    path("", views.standards, name="standards"),
]
