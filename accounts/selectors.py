"""Read-only queries of the accounts app (scoped through ``hall_scope`` where a hall is involved)."""

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
