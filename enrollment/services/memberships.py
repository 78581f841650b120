"""The effects of the staff kinds on approval: enrol, stop, resume and terminate memberships (参保关系).

Each function is a kind's ``apply()``: it runs inside the approval transaction of ``submission_transition``,
reads the submission's lines, locks the memberships it touches, writes in bulk and records one
``MembershipChange`` per membership changed. All or nothing: a broken rule raises ``TransitionRefused`` (the
reviewer sees the message, the approval rolls back). Idempotent: memberships this submission already changed
are skipped, persons it already created are reused.
"""

from collections import defaultdict

from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Person
from reviews.imports.bulk import bulk_insert
from reviews.services import TransitionRefused
from siportal.core.codes import TERMINATING_STOP_REASONS, InsuranceType, PaymentStatus, StopReason
from siportal.core.db import bulk_written
from siportal.core.masking import mask_id

from .. import rules
from ..models import (
    ChangeAction,
    DeathLine,
    JoinLine,
    KindCode,
    Membership,
    MembershipChange,
    ResumeLine,
    StopLine,
    UnitMember,
)
from .members import unit_members_touch

BATCH = 500
MEMBERSHIP_FIELDS = ["status", "start_month", "stop_month", "wage", "employment_form", "work_start_date",
                     "last_action", "reason", "last_submission", "updated_at"]


def _refuse(problems: list[str]) -> None:
    if problems:
        shown = problems[:10] + ([_("……共%(n)d处问题。") % {"n": len(problems)}] if len(problems) > 10 else [])
        raise TransitionRefused(_("不能办结:") + ";".join(shown) + _("。请回退给单位修改。"))


def _locked(**filters) -> list[Membership]:
    return list(Membership.objects.select_for_update(of=("self",)).filter(**filters).select_related("unit", "person"))


def _already_changed(submission) -> set[int]:
    return set(MembershipChange.objects.filter(submission=submission).values_list("membership_id", flat=True))


def _write(*, submission, action, created=(), updated=(), changes=()) -> None:
    """Insert new memberships, update changed ones, insert their history, in batches; a unique-index clash
    (someone made the person pay elsewhere meanwhile) refuses the approval."""
    now = timezone.now()
    for m in updated:
        m.updated_at = now
    try:
        with transaction.atomic(), connection.wrap_database_errors:  # COPY's errors as Django's
            if created:
                bulk_insert(Membership, created)
            Membership.objects.bulk_update(updated, MEMBERSHIP_FIELDS, batch_size=BATCH)
            bulk_insert(MembershipChange, changes)
            if created:
                _history_of_created(submission, action, now)
            unit_members_touch(memberships=[*created, *updated], at=now)
        for model in (Membership, MembershipChange, UnitMember):
            bulk_written(model, len(created) + len(updated))
    except IntegrityError as exc:
        raise TransitionRefused(_("不能办结:有人员的参保状态已被其他业务改变(同一险种只能在一处缴费),"
                                  "请回退给单位核对。")) from exc


def _enrol_registered_now(submission, unit, action, person_ids: set[int]) -> int:
    """新参保 where every person was registered by this approval (so none pays anywhere yet): each line's types
    become memberships in one INSERT … SELECT over the lines (PostgreSQL: the types are a JSON array), then their
    history and the unit's member list — the same rows the general path writes, without an object per row."""
    membership, line = Membership._meta, JoinLine._meta
    q = connection.ops.quote_name
    now = timezone.now()

    def col(meta, name):
        return q(meta.get_field(name).column)

    targets = ["person", "unit", "insurance_type", "status", "start_month", "stop_month", "wage", "employment_form",
               "work_start_date", "last_action", "reason", "last_submission", "created_at", "updated_at"]
    sql = (f"INSERT INTO {q(membership.db_table)} ({', '.join(col(membership, f) for f in targets)}) "
           f"SELECT l.{col(line, 'person')}, %s, t.code, %s, l.{col(line, 'start_month')}, '', l.{col(line, 'wage')}, "
           f"l.{col(line, 'employment_form')}, l.{col(line, 'work_start_date')}, %s, '', %s, %s, %s "
           f"FROM {q(line.db_table)} l CROSS JOIN LATERAL jsonb_array_elements_text(l.{col(line, 'insurance_types')}) "
           f"AS t(code) WHERE l.{col(line, 'submission')} = %s")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [unit.pk, PaymentStatus.PAYING, action, submission.pk, now, now, submission.pk])
            opened = cursor.rowcount
            _history_of_created(submission, action, now)
            unit_members_touch(memberships=[Membership(unit_id=unit.pk, person_id=pk) for pk in person_ids], at=now)
    except IntegrityError as exc:
        raise TransitionRefused(_("不能办结:有人员的参保状态已被其他业务改变(同一险种只能在一处缴费),"
                                  "请回退给单位核对。")) from exc
    for model in (Membership, MembershipChange, UnitMember):
        bulk_written(model, opened)
    return opened


def _history_of_created(submission, action, now) -> None:
    """The history row of every membership this submission opened (one INSERT … SELECT: no object per row):
    those it last changed that have no row for it yet — the updated ones got theirs with their old status."""
    change, membership = MembershipChange._meta, Membership._meta
    q = connection.ops.quote_name

    def col(meta, name):
        return q(meta.get_field(name).column)

    sql = (f"INSERT INTO {q(change.db_table)} ({col(change, 'membership')}, {col(change, 'submission')}, "
           f"{col(change, 'action')}, {col(change, 'reason')}, {col(change, 'old_status')}, "
           f"{col(change, 'new_status')}, {col(change, 'month')}, {col(change, 'at')}) "
           f"SELECT m.{col(membership, 'id')}, %s, %s, m.{col(membership, 'reason')}, '', m.{col(membership, 'status')}, "
           f"m.{col(membership, 'start_month')}, %s FROM {q(membership.db_table)} m "
           f"WHERE m.{col(membership, 'last_submission')} = %s AND NOT EXISTS (SELECT 1 FROM {q(change.db_table)} c "
           f"WHERE c.{col(change, 'membership')} = m.{col(membership, 'id')} AND c.{col(change, 'submission')} = %s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [submission.pk, action, connection.ops.adapt_datetimefield_value(now), submission.pk,
                             submission.pk])


def _change(m: Membership, submission, action, old_status, month) -> MembershipChange:
    return MembershipChange(membership=m, submission=submission, action=action, reason=m.reason,
                            old_status=old_status, new_status=m.status, month=month)


# ---------------------------------------------------------------- 新参保 and 增员


def _create_persons(lines: list[JoinLine], unit) -> set[int]:
    """职工新参保登记: register the persons of lines not linked yet (bulk), and link the lines to them. Returns the
    ids of the persons registered."""
    missing = [line for line in lines if line.person_id is None]
    if not missing:
        return set()
    clash = rules.persons_by_id({(line.id_type, line.id_number) for line in missing})
    # The name the unit typed, never the registry's (a VIP unit's auto-approval shows this to the agent).
    _refuse([_("%(name)s(%(id)s)已在人员库中,应办理“增员”") % {"name": line.name, "id": mask_id(line.id_number)}
             for line in missing if (line.id_type, line.id_number) in clash])
    persons = [Person(id_type=line.id_type, id_number=line.id_number, name=line.name, sex=line.sex,
                      birth_date=line.birth_date, mobile=line.mobile, ethnicity=line.ethnicity,
                      hukou_type=line.hukou_type, region=unit.region) for line in missing]
    try:
        with transaction.atomic(), connection.wrap_database_errors:  # COPY's errors as Django's
            bulk_insert(Person, persons)
            bulk_written(Person, len(persons))
    except IntegrityError as exc:
        raise TransitionRefused(_("不能办结:有人员刚被登记到人员库,请回退给单位改为“增员”。")) from exc
    # link the lines to their new persons in one statement (the registry's unique index finds each)
    person_of = Person.objects.filter(id_type=OuterRef("id_type"), id_number=OuterRef("id_number")).values("pk")[:1]
    submission = missing[0].submission_id
    JoinLine.objects.filter(submission_id=submission, person__isnull=True).update(person_id=Subquery(person_of))
    linked = dict(JoinLine.objects.filter(submission_id=submission).values_list("pk", "person_id"))
    for line in missing:
        line.person_id = linked[line.pk]
    return {line.person_id for line in missing}


def membership_enrol(*, submission) -> int:
    """Apply an approved 职工新参保登记 or 增员: every line's person pays the chosen types in the unit from the
    start month. Returns the number of memberships opened.

    Side effects: new ``Person`` rows (新参保 only, linked on the lines); a new ``Membership`` per person and type,
    or the person's old one in this unit reopened; a ``MembershipChange`` for each. Refuses when a person pays
    the type anywhere already (the one-paying-unit rule, checked again at approval).
    """
    unit = submission.unit
    action = ChangeAction.ENROL if submission.kind == KindCode.STAFF_ENROL else ChangeAction.ADD
    lines = list(JoinLine.objects.select_for_update().filter(submission=submission))
    new_persons = _create_persons(lines, unit) if action == ChangeAction.ENROL else set()
    done = _already_changed(submission)
    if connection.vendor == "postgresql" and not done and lines and len(new_persons) == len(lines):
        return _enrol_registered_now(submission, unit, action, new_persons)
    current = defaultdict(dict)  # person → (unit, type) → membership (a person registered just now has none)
    for m in _locked(person_id__in={line.person_id for line in lines} - new_persons):
        current[m.person_id][(m.unit_id, m.insurance_type)] = m
    problems, created, updated, changes = [], [], [], []
    for line in lines:
        mine = current[line.person_id]
        for code in line.insurance_types:
            m = mine.get((unit.pk, code))
            if m is not None and m.pk in done:
                continue
            paying = [o for o in mine.values() if o.insurance_type == code and o.status == PaymentStatus.PAYING]
            if paying:
                where = _("本单位") if paying[0].unit_id == unit.pk else rules.mask_unit_name(
                    paying[0].unit.name if paying[0].unit_id else _("个人参保"))
                problems.append(_("%(name)s正在%(where)s参加%(type)s缴费") % {
                    "name": line.name, "where": where, "type": InsuranceType(code).label})
                continue
            values = {"status": PaymentStatus.PAYING, "start_month": line.start_month, "stop_month": "",
                      "wage": line.wage, "employment_form": line.employment_form,
                      "work_start_date": line.work_start_date, "last_action": action, "reason": "",
                      "last_submission_id": submission.pk}
            if m is None:  # ids, not objects: 500,000 related-object assignments cost seconds
                created.append(Membership(person_id=line.person_id, unit_id=unit.pk, insurance_type=code, **values))
                continue
            old_status = m.status
            for field, value in values.items():
                setattr(m, field, value)
            updated.append(m)
            changes.append(_change(m, submission, action, old_status, line.start_month))
    _refuse(problems)
    _write(submission=submission, action=action, created=created, updated=updated, changes=changes)
    return len(created) + len(updated)


# ---------------------------------------------------------------- 减员, 续保, 死亡终止


def membership_stop(*, submission) -> int:
    """Apply an approved 减员 (停保): each line's memberships of the chosen types stop from the stop month —
    暂停缴费 for 解除劳动合同 / 辞职 / 辞退 / 参军 / 其他, 终止缴费 for 退休 / 死亡. Returns the number changed.

    Side effects: ``Membership`` status, stop month and reason (a suspended one that is now terminated keeps its
    earlier stop month); a ``MembershipChange`` for each. Memberships no longer paying are left alone.
    """
    lines = list(StopLine.objects.filter(submission=submission))
    done = _already_changed(submission)
    by_person = defaultdict(list)
    for m in _locked(unit_id=submission.unit_id, person_id__in={line.person_id for line in lines}):
        if m.pk not in done:
            by_person[m.person_id].append(m)
    updated, changes = [], []
    for line in lines:
        terminates = line.reason in TERMINATING_STOP_REASONS
        row = {"reason": line.reason, "insurance_types": line.insurance_types}
        for m in rules.stop_targets(by_person[line.person_id], row):
            old_status = m.status
            if not (old_status == PaymentStatus.SUSPENDED and m.stop_month):
                m.stop_month = line.stop_month
            m.status = PaymentStatus.TERMINATED if terminates else PaymentStatus.SUSPENDED
            m.reason, m.last_action, m.last_submission = line.reason, ChangeAction.STOP, submission
            updated.append(m)
            changes.append(_change(m, submission, ChangeAction.STOP, old_status, m.stop_month))
    _write(submission=submission, action=ChangeAction.STOP, updated=updated, changes=changes)
    return len(updated)


def membership_resume(*, submission) -> int:
    """Apply an approved 续保: each line's suspended memberships of the chosen types pay again from the month
    (with the new wage when one is given). Returns the number changed.

    Side effects: ``Membership`` status, start month (the new period), wage, reason; a ``MembershipChange``
    each. Refuses when a person pays the type elsewhere by now (the one-paying-unit rule).
    """
    lines = list(ResumeLine.objects.filter(submission=submission))
    done = _already_changed(submission)
    by_person = defaultdict(list)
    for m in _locked(person_id__in={line.person_id for line in lines}):
        by_person[m.person_id].append(m)
    problems, updated, changes = [], [], []
    for line in lines:
        mine = by_person[line.person_id]
        here = [m for m in mine if m.unit_id == submission.unit_id and m.pk not in done]
        row = {"insurance_types": line.insurance_types}
        for m in rules.resume_targets(here, row):
            elsewhere = [o for o in mine if o.insurance_type == m.insurance_type and o.pk != m.pk
                         and o.status == PaymentStatus.PAYING]
            if elsewhere:
                problems.append(_("%(name)s正在%(where)s参加%(type)s缴费") % {
                    "name": m.person.name, "type": m.get_insurance_type_display(),
                    "where": rules.mask_unit_name(elsewhere[0].unit.name) if elsewhere[0].unit_id else _("个人参保")})
                continue
            old_status = m.status
            m.status, m.start_month, m.stop_month = PaymentStatus.PAYING, line.month, ""
            if line.wage is not None:
                m.wage = line.wage
            m.reason, m.last_action, m.last_submission = line.reason, ChangeAction.RESUME, submission
            updated.append(m)
            changes.append(_change(m, submission, ChangeAction.RESUME, old_status, line.month))
    _refuse(problems)
    _write(submission=submission, action=ChangeAction.RESUME, updated=updated, changes=changes)
    return len(updated)


def membership_terminate_on_death(*, submission) -> int:
    """Apply an approved 死亡终止缴费: every unterminated membership of the person in the unit ends (终止缴费),
    paid through the month of death. Returns the number changed.

    Side effects: ``Membership`` status 3, stop month (the month after death, or an earlier suspension's), reason
    死亡; a ``MembershipChange`` each.
    """
    line = DeathLine.objects.get(submission=submission)
    done = _already_changed(submission)
    updated, changes = [], []
    for m in _locked(unit_id=submission.unit_id, person_id=line.person_id):
        if m.pk in done or m.status == PaymentStatus.TERMINATED:
            continue
        old_status = m.status
        if not (old_status == PaymentStatus.SUSPENDED and m.stop_month and m.stop_month < line.stop_month):
            m.stop_month = line.stop_month
        m.status, m.reason = PaymentStatus.TERMINATED, StopReason.DIED
        m.last_action, m.last_submission = ChangeAction.DEATH, submission
        updated.append(m)
        changes.append(_change(m, submission, ChangeAction.DEATH, old_status, m.stop_month))
    _write(submission=submission, action=ChangeAction.DEATH, updated=updated, changes=changes)
    return len(updated)

