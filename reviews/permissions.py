"""Who may fire which transition; used as django-fsm ``permission=`` and checked by the service."""


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


def can_take(submission, user) -> bool:
    return (
        user.is_active and user.is_staff and user.has_perm("reviews.review_submission")
        and in_review_scope(user, submission.region)
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
