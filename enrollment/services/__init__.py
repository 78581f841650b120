"""Enrollment services: the effects of the enrollment kinds on approval and the drafts of the staff kinds.

Split by subject: ``units`` (opening, information change), ``memberships`` (enrol, stop, resume, terminate —
the ``apply()`` of the staff kinds), ``drafts`` (adding and removing lines, the check before submit),
``lookups`` (增员's audited, rate-limited look-up of a person by ID number and name).
"""

from .drafts import (
    LinesRefused,
    draft_for_edit,
    draft_line_remove,
    join_lines_add,
    join_lines_build,
    lines_problems,
    resume_lines_add,
    stop_lines_add,
)
from .identity import identity_claim_apply, person_claim_submit
from .lookups import LookupRefused, person_lookup, person_lookups_today
from .memberships import membership_enrol, membership_resume, membership_stop, membership_terminate_on_death
from .units import unit_current_values, unit_info_change, unit_open

__all__ = [
    "LinesRefused", "draft_for_edit", "draft_line_remove", "join_lines_add", "join_lines_build", "lines_problems", "resume_lines_add",
    "stop_lines_add", "membership_enrol", "membership_resume", "membership_stop", "membership_terminate_on_death",
    "unit_current_values", "unit_info_change", "unit_open", "LookupRefused", "person_lookup", "person_lookups_today",
    "identity_claim_apply", "person_claim_submit",
]
