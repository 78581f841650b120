"""批量年度工资申报: the Excel declaration of 缴费基数申报 for the kernel's import engine (``reviews.imports``).

The template comes prefilled with the unit's paying staff (证件号码, 姓名, 上次申报工资); the agent fills
本次缴费工资 (and may change 生效年月, default next month). Per row: the wage through the hall's own rule, the
month in the declaration window; per chunk, in one query: the person pays in this unit under this name. Accepted
rows become the lines of ONE 缴费基数申报 through the kind's ``Lines.build`` (priced as on the hall page)."""

from django.utils.translation import gettext_lazy as _

from enrollment.models import Membership
from reviews.imports.spec import Column, ImportSpec
from siportal.core.codes import PaymentStatus
from siportal.core.excel import to_decimal, to_id_text, to_month

from ..selectors import wage_bases_in_force
from . import rules
from .entry import candidates

WAGE_DECLARATION = "wage_declaration"


def _facts(ctx) -> dict:
    if "facts" not in ctx.state:
        ctx.state["facts"] = rules.declaration_facts(ctx.unit)
        ctx.state["persons"] = {}
        ctx.state["month"] = None
    return ctx.state["facts"]


def clean(row, ctx) -> None:
    """One row: the wage (positive, two decimals at most) and the effective month (default next month)."""
    facts = _facts(ctx)
    row["id_number"] = row["id_number"].upper()
    if not row["effective_month"]:
        row["effective_month"] = facts["next_month"]
    cleaned, errors = rules.check_row({"wage": row["wage"], "effective_month": row["effective_month"]}, facts)
    for field, message in errors:
        row.refuse(field, message)
    if not errors:
        row["wage"] = cleaned["wage"]
        first = ctx.state["month"] = ctx.state["month"] or cleaned["effective_month"]
        if cleaned["effective_month"] != first:
            row.refuse("effective_month", _("同一批申报的生效年月应一致(%(month)s)") % {"month": first})


def validate(rows, ctx) -> None:
    """A chunk: each person pays in this unit under the name written (one query for the chunk)."""
    _facts(ctx)
    found: dict[str, set] = {}
    paying = Membership.objects.filter(unit=ctx.unit, status=PaymentStatus.PAYING,
                                       person__id_number__in={row["id_number"] for row in rows})
    for number, pid, name in paying.values_list("person__id_number", "person_id", "person__name"):
        found.setdefault(number, set()).add((pid, name))
    persons = ctx.state["persons"]
    for row in rows:
        matches = [pid for pid, name in found.get(row["id_number"], ()) if name == row["name"].strip()]
        if not found.get(row["id_number"]):
            row.refuse("id_number", _("该人员不是本单位参保缴费人员"))
        elif len(matches) != 1:
            row.refuse("name", _("姓名与本单位参保人员登记的姓名不一致"))
        else:
            persons[row["id_number"]] = matches[0]


def line_rows(rows, ctx) -> list[dict]:
    persons = ctx.state["persons"]
    return [{"person_id": persons[row["id_number"]], "wage": row["wage"],
             "effective_month": row["effective_month"]} for row in rows]


def template_rows(unit):
    """The unit's paying staff with their last declared wage, in the template's column order."""
    staff = candidates(unit)
    last = wage_bases_in_force(unit=unit, month=rules.LAST)
    for pk, number, name in staff.values_list("pk", "id_number", "name").iterator(chunk_size=2000):
        wage = last.get(pk)
        yield [number, name, wage[0] if wage else None, None, None]


WAGE_IMPORT = ImportSpec(
    code=WAGE_DECLARATION, kind=WAGE_DECLARATION, label=_("批量年度工资申报"), sheet_title=_("缴费工资申报"),
    description=_("下载已列出本单位参保缴费人员的模板,填写本次缴费工资后上传,一次申报多人,生成一笔“缴费基数申报”业务。"),
    instructions=(
        _("6. 模板已列出本单位参保缴费人员及上次申报工资;只需填写“本次缴费工资”,不申报的人员整行删除即可(沿用原缴费基数)。"),
        _("7. 生效年月不填为下月;本月生效仅限申报期内。"),
    ),
    columns=(
        Column("id_number", _("证件号码"), required=True, parse=to_id_text, text=True, width=22,
               aliases=(_("身份证号码"), _("公民身份号码"), _("身份证号")), example="110105199001011234"),
        Column("name", _("姓名"), required=True, example=_("张三")),
        Column("last_wage", _("上次申报工资"), parse=to_decimal, note=_("仅供参考,不必修改")),
        Column("wage", _("本次缴费工资"), required=True, parse=lambda v: to_decimal(v, places=None),
               aliases=(_("缴费工资"), _("月缴费工资")), example="6500.00", note=_("单位:元,最多两位小数")),
        Column("effective_month", _("生效年月"), parse=to_month, text=True, default="",
               note=_("六位年月,如202612;不填为下月")),
    ),
    unique=(("id_number",),),
    clean=clean, validate=validate, line_rows=line_rows, template_rows=template_rows,
)
