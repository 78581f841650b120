"""Who may fire which transition; used as django-fsm ``permission=`` and checked by the service."""

from functools import cache

from django.core.checks import Error, register
from django.utils.translation import gettext as _


def in_review_scope(user, region) -> bool:
    """A reviewer acts only on regions under the region they serve (city → all its districts)."""
    if user.is_superuser:
        return True
    scope = getattr(user, "review_region", None)
    return scope is not None and region is not None and region.path.startswith(scope.path)


def is_owner(submission, user) -> bool:
    """The unit's active agents for a unit submission; the person themself for an individual one."""
    if not user.is_active:
        return False
    if submission.unit_id:
        return user.is_agent and user.unit_id == submission.unit_id
    return user.is_individual and user.person_id == submission.person_id


def can_submit(submission, user) -> bool:
    from .registry import get_kind

    return is_owner(submission, user) and get_kind(submission.kind).may_submit(user)


@cache
def _person_line_models() -> list[tuple[type, bool, bool]]:
    """Every line model of a submission that names a person: (model, has ``person``, has ``id_number``).

    Found through the model registry (this app imports no domain app); computed once."""
    from django.apps import apps

    from .models import Submission

    found = []
    for model in apps.get_models():
        fields = {f.name: f for f in model._meta.concrete_fields}
        link = fields.get("submission")
        if link is None or link.related_model is not Submission:
            continue
        has_person, has_id = "person" in fields, "id_number" in fields
        if has_person or has_id:
            found.append((model, has_person, has_id))
    return found


def concerns_person(submission, *, person_id=None, id_number="") -> bool:
    """Does ``submission`` concern this person: as its owner, or on one of its lines (新参保, 减员, 死亡…)?"""
    from django.db.models import Q

    id_number = (id_number or "").strip()
    if not person_id and not id_number:
        return False
    if submission.person_id and (submission.person_id == person_id or (
            id_number and submission.person.id_number.upper() == id_number.upper())):
        return True
    for model, has_person, has_id in _person_line_models():
        where = Q()
        if has_person and person_id:
            where |= Q(person_id=person_id)
        if has_person and id_number:
            where |= Q(person__id_number__iexact=id_number)
        if has_id and id_number:
            where |= Q(id_number__iexact=id_number)
        if where and model._default_manager.filter(where, submission=submission).exists():
            return True
    return False


def separation_of_duties_refusal(submission, user) -> str | None:
    """Why ``user`` may not review ``submission`` whatever their permissions, or None.

    The one place for separation of duties (the review page, bulk actions and the service all ask here): a
    reviewer is a centre staff account and nothing else, never reviews what they submitted, and never a
    submission that concerns their own person record (as its owner or on any of its lines)."""
    hall_role = user.kind != user.Kind.STAFF or user.unit_id is not None
    if hall_role:
        return _("该账号同时是单位账号、经办人或个人账号,不能审核业务(审核与经办须由不同人员担任)。")
    if submission.submitter_id == user.pk:
        return _("业务 %(number)s 是您本人提交的,须由其他审核员审核。") % {"number": submission.number}
    if concerns_person(submission, person_id=user.person_id, id_number=user.id_number):
        return _("业务 %(number)s 涉及您本人的参保信息,须由其他审核员审核。") % {"number": submission.number}
    return None


def can_take(submission, user) -> bool:
    return (
        user.is_active and user.is_staff and user.has_perm("reviews.review_submission")
        and in_review_scope(user, submission.region) and separation_of_duties_refusal(submission, user) is None
    )


def can_decide(submission, user) -> bool:
    return can_take(submission, user) and (submission.reviewer_id == user.pk or user.is_superuser)


def can_auto_approve(submission, user) -> bool:
    """The submitter's own submit carries on to done when the kind says so, or the unit is a VIP unit whose
    rule lists this kind (and the kind allows VIP auto-approval)."""
    from .registry import get_kind

    if not can_submit(submission, user):
        return False
    kind = get_kind(submission.kind)
    if kind.auto_approves(submission):
        return True
    if not (kind.vip_auto_approval and submission.unit_id and submission.unit.is_vip):
        return False
    rule = getattr(submission.unit, "auto_approval", None)
    return rule is not None and submission.kind in rule.kinds


@register(deploy=True)
def separation_of_duties_check(app_configs, **kwargs):
    """``manage.py check --deploy``: no active account may hold a hall role and centre-staff access at once
    (``User.clean`` refuses it in forms; this finds rows written around the forms, e.g. by old imports)."""
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError
    from django.db.models import Q

    User = get_user_model()
    try:
        combined = list(User.objects.filter(
            Q(is_staff=True) | Q(is_superuser=True) | Q(review_region__isnull=False), is_active=True,
        ).filter(~Q(kind=User.Kind.STAFF) | Q(unit__isnull=False)).values_list("username", flat=True)[:20])
    except DatabaseError:
        return []
    if not combined:
        return []
    return [Error(
        f"Accounts combine a unit/individual role with centre-staff access: {', '.join(combined)}",
        hint="Separation of duties: give reviewers their own staff accounts; clear is_staff/is_superuser/"
             "review_region on these.", id="reviews.E001")]
