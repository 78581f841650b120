"""Builders for test data: valid IDs and credit codes are computed, never typed by hand."""

import itertools

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import CommitmentLetter, Person, Region, Unit, User

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
PASSWORD = "Test@2026pass"

_seq = itertools.count(1)


def make_uscc(n: int | None = None) -> str:
    n = next(_seq) if n is None else n
    body = f"91990100MA{n:07d}"[:17]
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def make_id_number(birth: str = "19900101", seq: int | None = None, area: str = "990101") -> str:
    seq = (next(_seq) % 999) + 1 if seq is None else seq
    body = f"{area}{birth}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def city(code="990100", name="示范市") -> Region:
    return Region.objects.get_or_create(code=code, defaults={"name": name, "level": Region.Level.CITY})[0]


def district(parent, code, name) -> Region:
    return Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": Region.Level.DISTRICT, "parent": parent}
    )[0]


def user(**fields) -> User:
    n = next(_seq)
    fields.setdefault("username", f"user{n}")
    u = User(**fields)
    u.set_password(PASSWORD)
    u.save()
    return u


def unit(*, region, name=None, bound=True, commitment=True, opened=False) -> Unit:
    n = next(_seq)
    master = user(kind=User.Kind.UNIT_MASTER, name=f"单位账号{n}")
    u = Unit.objects.create(
        name=name or f"测试单位{n}有限公司", uscc=make_uscc(n), legal_rep="李四", contact_name="王五",
        contact_phone="13900000000", region=region, master=master,
        bound_at=timezone.now() if bound else None,
        opened_at=timezone.now() if opened else None, unit_number=f"U{n:08d}" if opened else None,
    )
    master.unit = u
    master.save(update_fields=["unit"])
    if commitment:
        letter = CommitmentLetter(unit=u, extension="pdf", size=9, uploaded_by=master)
        letter.file.save("c.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        letter.save()
    return u


def agent(unit, **fields) -> User:
    n = next(_seq)
    fields.setdefault("mobile", f"137{n:08d}")
    return user(kind=User.Kind.AGENT, unit=unit, name=f"经办人{n}", **fields)


def person(**fields) -> Person:
    fields.setdefault("id_number", make_id_number())
    fields.setdefault("name", "张三")
    return Person.objects.create(**fields)


def individual(person_obj=None, **fields) -> User:
    person_obj = person_obj or person()
    return user(kind=User.Kind.INDIVIDUAL, person=person_obj, username=person_obj.id_number, **fields)


def reviewer(region, username=None) -> User:
    u = user(kind=User.Kind.STAFF, is_staff=True, review_region=region, username=username or f"rev{next(_seq)}")
    u.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="reviews", codename__in=["review_submission", "view_submission", "change_submission"]
    ))
    return u


def queued_tasks(callbacks) -> list:
    """The after-commit callbacks that queue work, without the renewals of data versions (siportal.core.versions)."""
    from siportal.core.versions import Renewal

    return [c for c in callbacks if not isinstance(c, Renewal)]
