"""Read-only queries of the accounts app (scoped through ``hall_scope`` where a hall is involved)."""

from django.db import connection
from django.db.models import QuerySet

from .models import BindingCredential, CommitmentLetter, Region, Unit, User
from .tenancy import hall_scope


def districts() -> QuerySet[Region]:
    """The districts a unit or a person can belong to (参保区县)."""
    return Region.objects.filter(level=Region.Level.DISTRICT).select_related("parent").order_by("path")


def unit_agents(request) -> QuerySet[User]:
    """The current unit's agents (active and disabled); unbound agents have left the unit and are not listed."""
    return hall_scope(User.objects.filter(kind=User.Kind.AGENT), request).order_by("-is_active", "id")


def unit_commitment_letters(request) -> QuerySet[CommitmentLetter]:
    return hall_scope(CommitmentLetter.objects.select_related("uploaded_by"), request)


def unit_binding_credential(unit: Unit) -> BindingCredential | None:
    """The credential the unit bound with (the newest used one), for the binding page."""
    return unit.credentials.filter(used_at__isnull=False).order_by("-used_at").first()


def region_subtree_names(path: str | None) -> list[tuple[int, str]]:
    """(id, name) of every region whose path starts with ``path`` (every region for ``None``), by id: what a
    reviewer's queue is keyed by. One plain statement, prepared (read on every request of the queue)."""
    from siportal.core.db import statement_cursor

    table = connection.ops.quote_name(Region._meta.db_table)
    with statement_cursor(prepared=True) as cursor:
        if path is None:
            cursor.execute(f"SELECT id, name FROM {table} ORDER BY id")
        else:
            pattern = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            cursor.execute(f"SELECT id, name FROM {table} WHERE path LIKE %s ORDER BY id", [pattern])
        return [tuple(row) for row in cursor.fetchall()]
