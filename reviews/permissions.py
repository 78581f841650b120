"""Who may fire which transition; used as django-fsm ``permission=`` and checked by the service."""

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


def separation_of_duties_refusal(submission, user) -> str | None:
    """Why ``user`` may not review ``submission`` whatever their permissions, or None.

    The one place for separation of duties (the review page, bulk actions and the service all ask here): a
    reviewer is a centre staff account and nothing else, never reviews what they submitted, and never a
    submission that concerns their own person record."""
    hall_role = user.kind != user.Kind.STAFF or user.unit_id is not None
    if hall_role:
        return _("该账号同时是单位账号、经办人或个人账号,不能审核业务(审核与经办须由不同人员担任)。")
    if submission.submitter_id == user.pk:
        return _("业务 %(number)s 是您本人提交的,须由其他审核员审核。") % {"number": submission.number}
    if submission.person_id and (
        submission.person_id == user.person_id
        or (user.id_number and submission.person.id_number.upper() == user.id_number.upper())
    ):
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
