"""The kind registry: each domain app registers its kinds of submission from its ``AppConfig.ready()``.

The workflow kernel knows kinds only through this table: label, hall, the line model and form, the ``apply()``
effect run inside the approval transaction, who may start one, and whether it auto-approves.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


def _never(submission) -> bool:
    return False


def _anyone(user) -> bool:
    return True


def _nothing(submission) -> None:
    return None


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    hall: str  # "unit" or "person"
    apply: Callable  # apply(submission): the effect on approval; idempotent, raises to abort
    line_model: type | None = None  # single-line kinds: a model with a OneToOne ``submission``
    form_class: type | None = None  # ModelForm for the line; __init__ takes owner=unit|person
    summary_template: str = "reviews/kinds/default_summary.html"
    description: str = ""
    menu_query: bool = False  # add a "<label>查询" entry listing this kind's submissions
    may_start: Callable = field(default=lambda owner: True)  # may this unit/person start one now?
    may_submit: Callable = field(default=_anyone)  # extra user check beyond ownership
    single_open: bool = False  # at most one unfinished submission of this kind per owner
    validate: Callable = field(default=_nothing)  # raise ValidationError before submit
    auto_approves: Callable = field(default=_never)  # e.g. VIP units


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.hall not in ("unit", "person"):
        raise ImproperlyConfigured(f"Kind {kind.code}: hall must be 'unit' or 'person'")
    _KINDS[kind.code] = kind
    return kind


def get_kind(code: str, *, missing_ok: bool = False) -> Kind | None:
    try:
        return _KINDS[code]
    except KeyError:
        if missing_ok:
            return None
        raise


def kinds_for(hall: str) -> list[Kind]:
    return [k for k in _KINDS.values() if k.hall == hall]


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, k.label) for k in _KINDS.values()]
