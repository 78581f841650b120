"""Insured relations (built by the enrollment issue) and the unit-opening line."""
