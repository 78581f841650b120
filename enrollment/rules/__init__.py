"""Checks of staff lines, shared by the hall forms, the submit-time validation and the batch Excel engine.

Two layers, both free of forms and requests:

* ``rows``: ``*_row_errors(values, …)`` take the plain values of one line — strings as typed or read from a cell
  (``"28|辞职"``, ``"2024-05"``, ``" 110105199001010011 "``), dates, Decimals — and return
  ``(cleaned, errors)``: the normalised values and a list of ``(field, message)``;
* ``registry``: ``*_registry_errors(rows, unit=…)`` check many cleaned rows against the database in sets (one
  query for all their ID numbers, one for all their memberships) and return ``{row index: errors}``;
* ``retirement``: the statutory retirement age (configured in ``settings.RETIREMENT_AGES``) that closes
  pension enrolment, used by both layers (新参保 on the row, 增员 with the registry's birth date).

No refusal quotes the registry's data about a person: an ID number typed by mistake must not reveal whose it is.

Field names are those of the line models (``JoinLine``, ``StopLine``, ``ResumeLine``), so a form adds each
error to its field and an import writes it next to its column.
"""

from .registry import (
    death_errors,
    join_registry_errors,
    mask_unit_name,
    not_registered_message,
    persons_by_id,
    q_person_search,
    resume_registry_errors,
    resume_targets,
    stop_registry_errors,
    stop_targets,
)
from .retirement import retirement_age, retirement_errors
from .rows import (
    MONTHS_AHEAD,
    MONTHS_BACK,
    Errors,
    join_row_errors,
    month_window,
    name_key,
    parse_code,
    parse_date,
    parse_decimal,
    parse_types,
    resume_row_errors,
    stop_row_errors,
)

__all__ = [
    "MONTHS_AHEAD", "MONTHS_BACK", "Errors", "death_errors", "join_registry_errors", "join_row_errors",
    "mask_unit_name", "month_window", "name_key", "not_registered_message",
    "parse_code", "parse_date", "parse_decimal", "parse_types",
    "persons_by_id", "q_person_search", "resume_registry_errors", "resume_row_errors", "resume_targets",
    "retirement_age", "retirement_errors",
    "stop_registry_errors", "stop_row_errors", "stop_targets",
]
