"""The kind registry: each domain app registers its kinds of submission from its ``AppConfig.ready()``.

The workflow kernel knows kinds only through this table: label, hall, the line model and form (one-line kinds)
or the ``Lines`` declaration (many-line kinds: ``reviews.lines``), the ``apply()`` effect run inside the approval
transaction, who may start one, and whether it auto-approves. No kernel code tests a kind's code string.
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
    # Kinds with their own pages (several lines, a lookup step…) name them instead of form_class:
    start_view: str = ""  # URL name in the hall's namespace, no arguments (e.g. "unit:enrol_new")
    edit_view: str = ""  # URL name taking ``pk`` (the submission), for drafts and returned items
    summary_template: str = "reviews/kinds/default_summary.html"
    description: str = ""
    menu_query: bool = False  # add a "<label>查询" entry listing this kind's submissions
    may_start: Callable = field(default=lambda owner: True)  # may this unit/person start one now?
    may_submit: Callable = field(default=_anyone)  # extra user check beyond ownership
    single_open: bool = False  # at most one unfinished submission of this kind per owner
    validate: Callable = field(default=_nothing)  # raise ValidationError before submit
    auto_approves: Callable = field(default=_never)  # a kind-specific rule for approval without review
    vip_auto_approval: bool = False  # may a VIP unit's rule (AutoApprovalRule) list this kind?
    lines: object = None  # many-line kinds: a ``reviews.lines.Lines`` (model, checks, entry, import)


@dataclass(frozen=True)
class HallLink:
    """A page of a domain app in a hall's menu (参保人员, 批量导入), shown when ``visible(owner)`` is true."""

    hall: str
    label: str
    url_name: str
    visible: Callable = field(default=lambda owner: True)
    business: bool = False  # listed under 业务办理 (does business) rather than 信息查询


_KINDS: dict[str, Kind] = {}
_LINKS: list[HallLink] = []


def register_link(link: HallLink) -> HallLink:
    if link not in _LINKS:
        _LINKS.append(link)
    return link


def links_for(hall: str) -> list[HallLink]:
    return [link for link in _LINKS if link.hall == hall]


def register(kind: Kind, *, replace: bool = False) -> Kind:
    """Add ``kind`` to the registry (and its Excel imports to the import registry). A second kind with the same
    code is refused (two apps must not silently replace each other's business) unless ``replace`` (tests)."""
    if kind.hall not in ("unit", "person"):
        raise ImproperlyConfigured(f"Kind {kind.code}: hall must be 'unit' or 'person'")
    existing = _KINDS.get(kind.code)
    if existing is not None and existing is not kind and not replace:
        raise ImproperlyConfigured(f"Kind {kind.code} is registered twice")
    _KINDS[kind.code] = kind
    if kind.lines is not None:
        from .imports.spec import register_import

        for spec in kind.lines.imports:
            if spec.kind != kind.code:
                raise ImproperlyConfigured(f"Import {spec.code} of kind {kind.code} names kind {spec.kind}")
            register_import(spec)
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


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


def kind_choices(*, vip_only: bool = False) -> list[tuple[str, str]]:
    return [(k.code, k.label) for k in _KINDS.values() if k.vip_auto_approval or not vip_only]


def start_url(kind: Kind, ns: str) -> str:
    """Where a user starts a new submission of ``kind`` in the hall namespace ``ns``."""
    from django.urls import reverse

    if kind.start_view:
        return reverse(kind.start_view)
    return reverse(f"{ns}:submission_new", kwargs={"kind": kind.code})


def edit_url(kind: Kind, ns: str, pk: int) -> str:
    from django.urls import reverse

    if kind.edit_view:
        return reverse(kind.edit_view, kwargs={"pk": pk})
    return reverse(f"{ns}:submission_edit", kwargs={"pk": pk})
