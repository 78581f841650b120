"""Enrollment services: the effects of the enrollment kinds on approval.

Split by subject: ``units`` (opening, information change), ``memberships`` (enrol, stop, resume, terminate —
the ``apply()`` of the staff kinds), ``lookups`` (增员's audited, rate-limited look-up of a person by ID number and
name). The drafts of the many-line kinds are the kernel's (``reviews.drafts``), driven by ``enrollment.lines``.
"""

from .identity import identity_claim_apply, person_claim_submit
from .lookups import LookupRefused, person_lookup, person_lookups_today
from .memberships import membership_enrol, membership_resume, membership_stop, membership_terminate_on_death
from .units import unit_current_values, unit_info_change, unit_open

__all__ = [
    "membership_enrol", "membership_resume", "membership_stop", "membership_terminate_on_death",
    "unit_current_values", "unit_info_change", "unit_open", "LookupRefused", "person_lookup", "person_lookups_today",
    "identity_claim_apply", "person_claim_submit",
]
