"""A policy's items (缴费项目) to and from an Excel sheet, through the shared engine (siportal.core.excel).

Export writes one row per item with dropdowns for the coded columns; loading a sheet checks every row first and
writes nothing when one is wrong (the error names the row and the column). A load replaces the policy's items:
rows are matched by 人员类别 + 险种 + 项目名称, items missing from the sheet are removed. A policy already used by an
assessment is refused — a rate change is a new policy period, so months already assessed keep their rates.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from siportal.core.codes import InsuranceType
from siportal.core.excel import (
    CellError,
    HeaderSpec,
    SheetColumn,
    inspect_file,
    open_table,
    to_code,
    to_decimal,
    to_flag,
    to_text,
    write_workbook,
)
from siportal.core.excel.cells import code_lookup

from ..models import AmountRounding, AssessmentRun, BaseRounding, BaseSource, Item, PersonCategory

MAX_ROWS = 500


@dataclass(frozen=True)
class _Column:
    field: str
    label: str
    kind: str  # "code" / "decimal" / "text" / "flag" / "int"
    choices: tuple = ()
    required: bool = False
    default: object = None  # the value of an empty cell


COLUMNS = [
    _Column("category", "人员类别", "code", tuple(PersonCategory.choices), True),
    _Column("insurance_type", "险种", "code", tuple(InsuranceType.choices), True),
    _Column("name", "项目名称", "text", required=True),
    _Column("order", "显示顺序", "int"),
    _Column("base_source", "基数来源", "code", tuple(BaseSource.choices), True),
    _Column("fixed_base", "固定基数", "decimal"),
    _Column("unit_rate", "单位费率(%)", "decimal", default=Decimal("0")),
    _Column("personal_rate", "个人费率(%)", "decimal", default=Decimal("0")),
    _Column("unit_rate_by_injury_class", "单位费率按工伤行业类别", "flag"),
    _Column("fixed_unit_amount", "单位定额", "decimal"),
    _Column("fixed_personal_amount", "个人定额", "decimal"),
    _Column("base_rounding", "基数取整", "code", tuple(BaseRounding.choices), True),
    _Column("amount_rounding", "金额舍入", "code", tuple(AmountRounding.choices), True),
    _Column("account_percent", "划入个人账户(%)", "decimal", default=Decimal("0")),
]
LOOKUPS = {c.field: code_lookup([(code, str(label)) for code, label in c.choices]) for c in COLUMNS if c.choices}


class ItemsRefused(Exception):
    """The sheet was not loaded; ``errors`` are Chinese messages naming the row and column."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def policy_items_export(*, policy, target) -> int:
    """Write the policy's items to ``target`` (a path or binary file); return the number of rows."""
    columns = [SheetColumn(label=c.label, required=c.required, codes=[(k, str(v)) for k, v in c.choices],
                           width=22 if c.choices else 14) for c in COLUMNS]
    rows = []
    for item in policy.items.order_by("category", "order", "id"):
        row = []
        for column in COLUMNS:
            value = getattr(item, column.field)
            if column.kind == "code":
                value = f"{value}|{dict(column.choices)[value]}"
            elif column.kind == "flag":
                value = _("是") if value else _("否")
            elif isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            row.append("" if value is None else value)
        rows.append(row)
    return write_workbook(target, columns, rows, sheet_title=_("缴费项目"),
                          instructions=[_("每行一个缴费项目;人员类别+险种+项目名称不能重复。费率按百分数填写,如16表示16%。")])


def _parse(column: _Column, value):
    if value == "" or value is None:
        if column.required:
            raise CellError(_("必须填写"))
        return column.default if column.default is not None else {"decimal": None, "text": "", "int": 0,
                                                                   "flag": False}[column.kind]
    if column.kind == "code":
        return to_code(value, LOOKUPS[column.field])
    if column.kind == "decimal":
        return to_decimal(value, places=None)
    if column.kind == "flag":
        return to_flag(value)
    if column.kind == "int":
        number = to_decimal(value, places=None)
        if number != number.to_integral_value() or number < 0:
            raise CellError(_("应为非负整数"))
        return int(number)
    return to_text(value)


def policy_items_load(*, policy, path, name: str) -> int:
    """Replace the policy's items with the rows of the sheet at ``path``; return how many. Raises
    ``ItemsRefused`` (nothing written) or ``siportal.core.excel.FileRefused`` (the file itself refused)."""
    if AssessmentRun.objects.filter(policy=policy).exists():
        raise ItemsRefused([_("该期政策已用于应收核定,不能再修改缴费项目;费率变更请新增一期政策。")])
    kind = inspect_file(path, name=name)
    headers = [HeaderSpec(key=c.field, label=c.label, required=c.required) for c in COLUMNS]
    table = open_table(path, kind, headers)
    errors, parsed, seen = [], [], {}
    for number, cells in table.rows(max_rows=MAX_ROWS):
        values, row_errors = {}, []
        for column, cell in zip(COLUMNS, cells, strict=True):
            try:
                values[column.field] = _parse(column, cell)
            except CellError as exc:
                row_errors.append(_("第%(row)s行“%(col)s”:%(msg)s") % {"row": number, "col": column.label, "msg": exc})
        if not row_errors:
            item = Item(policy=policy, **values)
            try:
                item.full_clean(exclude=["policy"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                row_errors += [_("第%(row)s行:%(msg)s") % {"row": number, "msg": " ".join(msgs)}
                               for msgs in exc.message_dict.values()]
            key = (values["category"], values["insurance_type"], values["name"])
            if key in seen:
                row_errors.append(_("第%(row)s行:与第%(other)s行的人员类别、险种和项目名称重复")
                                  % {"row": number, "other": seen[key]})
            seen.setdefault(key, number)
            parsed.append((key, values))
        errors += row_errors
    if not parsed and not errors:
        errors.append(_("文件中没有缴费项目"))
    if errors:
        raise ItemsRefused(errors)
    with transaction.atomic():
        existing = {(i.category, i.insurance_type, i.name): i for i in policy.items.select_for_update()}
        for key, values in parsed:
            item = existing.pop(key, None) or Item(policy=policy)
            for field_name, value in values.items():
                setattr(item, field_name, value)
            item.save()
        Item.objects.filter(pk__in=[i.pk for i in existing.values()]).delete()
    return len(parsed)
