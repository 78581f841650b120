"""Kinds of enrollment submission, registered with the workflow kernel."""
