"""Enrollment pages of the unit hall (joined into the ``unit`` namespace)."""

unit_patterns = []
