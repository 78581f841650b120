"""Demo data (DEMO_MODE only): a city with two districts, centre staff, a bound unit with master and agent, and
a flexible-employment member. Idempotent: running it again leaves the same rows and resets the demo password."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from siportal.core.codes import IdType
from siportal.core.validators import id_birth_date, id_check_char, id_sex, uscc_check_char

from .models import CommitmentLetter, Person, Region, Unit, User
from .services import commitment_template_pdf

DEMO_PASSWORD = "Demo@2026"  # demo only: DEMO_MODE must be on, and the deploy check refuses demo accounts otherwise
REVIEW_PERMISSIONS = ["review_submission", "view_submission", "change_submission"]
DEMO_USCC = "91990100MA0DEM001"  # first 17 characters; the check character is computed
AGENT_ID = "99010119850315004"  # first 17 digits of the agent's resident ID
MEMBER_ID = "99010119900101001"  # first 17 digits of 张三's resident ID


class DemoModeOff(RuntimeError):
    """Refused: demo data may only be loaded with ``settings.DEMO_MODE`` on."""


@dataclass
class DemoAccount:
    role: str
    login: str
    mobile: str
    note: str


def _user(username: str, **fields) -> User:
    user, _ = User.objects.update_or_create(username=username, defaults={**fields, "is_demo": True})
    user.set_password(DEMO_PASSWORD)
    user.must_change_password = False
    user.save()
    return user


def _reviewer(username: str, region: Region, name: str) -> User:
    user = _user(username, kind=User.Kind.STAFF, name=name, is_staff=True, review_region=region)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="reviews",
                                                         codename__in=REVIEW_PERMISSIONS))
    return user


def _unit(district: Region) -> Unit:
    uscc = DEMO_USCC + uscc_check_char(DEMO_USCC)
    master = _user("unit_demo", kind=User.Kind.UNIT_MASTER, name="王五")
    unit, _ = Unit.objects.update_or_create(uscc=uscc, defaults={
        "name": "示范科技有限公司", "legal_rep": "李四", "contact_name": "王五", "contact_phone": "13800000003",
        "region": district, "address": "示范市东城区人民路1号", "master": master,
    })
    if unit.bound_at is None:
        unit.bound_at = timezone.now()
        unit.save(update_fields=["bound_at"])
    master.unit = unit
    master.save(update_fields=["unit"])
    if not unit.commitment_letters.exists():
        pdf = commitment_template_pdf(unit=unit)
        letter = CommitmentLetter(unit=unit, extension="pdf", size=len(pdf), uploaded_by=master)
        letter.file.save("commitment.pdf", ContentFile(pdf), save=False)
        letter.save()
    agent_id = AGENT_ID + id_check_char(AGENT_ID)
    _user("agent_demo", kind=User.Kind.AGENT, name="赵六", unit=unit, mobile="13800000001", id_number=agent_id,
          is_active=True)
    return unit


def _member(district: Region) -> User:
    id_number = MEMBER_ID + id_check_char(MEMBER_ID)
    person, _ = Person.objects.update_or_create(id_type=IdType.RESIDENT_ID, id_number=id_number, defaults={
        "name": "张三", "sex": id_sex(id_number), "birth_date": id_birth_date(id_number), "mobile": "13800000002",
        "region": district, "address": "示范市东城区和平街8号",
    })
    return _user(id_number, kind=User.Kind.INDIVIDUAL, name="张三", person=person, mobile="13800000002")


@transaction.atomic
def demo_load() -> list[DemoAccount]:
    """Create (or refresh) the demo data and return the accounts to print. Refuses unless DEMO_MODE is on."""
    if not settings.DEMO_MODE:
        raise DemoModeOff("DEMO_MODE is off")
    city, _ = Region.objects.update_or_create(code="990100", defaults={"name": "示范市", "level": "city"})
    east, _ = Region.objects.update_or_create(code="990101", defaults={
        "name": "东城区", "level": "district", "parent": city})
    Region.objects.update_or_create(code="990102", defaults={"name": "西城区", "level": "district", "parent": city})

    _user("admin_demo", kind=User.Kind.STAFF, name="中心管理员", is_staff=True, is_superuser=True)
    _reviewer("reviewer_city", city, "市中心审核员")
    _reviewer("reviewer_east", east, "东城区审核员")
    unit = _unit(east)
    member = _member(east)
    for config in apps.get_app_configs():  # apps above accounts add their own demo data (e.g. rate tables)
        if hasattr(config, "demo_load"):
            config.demo_load(city=city)
    return [
        DemoAccount("经办机构管理员", "admin_demo", "", "/admin/ 全部管理功能"),
        DemoAccount("市级审核员", "reviewer_city", "", "审核示范市全部区县的业务"),
        DemoAccount("区级审核员", "reviewer_east", "", "只审核东城区的业务"),
        DemoAccount("单位账号", "unit_demo", "", f"{unit.name}:管理经办人,不办业务"),
        DemoAccount("单位经办人", "agent_demo", "13800000001", "办理单位业务(尚未参保登记)"),
        DemoAccount("灵活就业人员", member.username, "13800000002", "张三,个人网厅"),
    ]
