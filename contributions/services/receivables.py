"""应收明细 to Excel: the filtered receivables of a unit, one row per fee month × person × item, ID numbers
masked, and a 合计 row. Streamed (values rows in chunks into openpyxl's write-only sheet), so the memory used
does not grow with the number of rows."""

from django.utils.translation import gettext as _

from siportal.core.codes import InsuranceType
from siportal.core.excel import SheetColumn, write_workbook
from siportal.core.masking import mask_id

from ..models import ReceivableStatus
from ..selectors import receivables_totals

FIELDS = ("fee_month", "person__name", "person__id_number", "insurance_type", "item__name", "base", "unit_amount",
          "personal_amount", "status")


def _columns() -> list[SheetColumn]:
    return [SheetColumn(_("费款所属期"), text=True, width=12), SheetColumn(_("姓名"), width=12),
            SheetColumn(_("证件号码"), text=True, width=22), SheetColumn(_("险种"), width=22),
            SheetColumn(_("缴费项目"), width=20), SheetColumn(_("缴费基数"), width=12),
            SheetColumn(_("单位应缴"), width=12), SheetColumn(_("个人应缴"), width=12),
            SheetColumn(_("应缴合计"), width=12), SheetColumn(_("状态"), width=8)]


def receivables_export(target, queryset) -> int:
    """Write ``queryset`` (receivables already scoped to one unit and filtered) to ``target`` as .xlsx; return
    the number of detail rows. The last row holds the totals."""
    types, statuses = dict(InsuranceType.choices), dict(ReceivableStatus.choices)
    totals = receivables_totals(queryset)
    ordered = queryset.order_by("-fee_month", "person__name", "person_id", "item__order", "item_id")

    def rows():
        for month, name, number, code, item, base, unit, personal, status in \
                ordered.values_list(*FIELDS).iterator(chunk_size=2000):
            yield [str(month), name, mask_id(number), str(types.get(code, code)), item, base, unit, personal,
                   unit + personal, str(statuses.get(status, status))]
        yield [_("合计"), _("%(n)d人") % {"n": totals["persons"]}, "", "", "", None, totals["unit"],
               totals["personal"], totals["total"], ""]

    return write_workbook(target, _columns(), rows(), sheet_title=_("应收明细"), with_instructions=False) - 1
