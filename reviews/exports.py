"""Excel export of every line of a many-line submission (hall and review page), ID numbers and phones masked.

The columns come from the kind's ``Lines.export`` (``[(label, line -> value)]``) when it declares them, else from
the line model's fields (choices shown by label, a person by name and masked ID number).
"""

import tempfile

from django.db import models
from django.http import FileResponse

from accounts.models import Person
from siportal.core.excel import SheetColumn, write_workbook
from siportal.core.masking import mask_id, mask_phone

from .registry import get_kind
from .selectors import submission_lines

SKIPPED = {"id", "submission", "old_values"}


def _field_columns(model) -> list[tuple[str, object]]:
    columns = []
    own = {field.name for field in model._meta.concrete_fields}
    for field in model._meta.concrete_fields:
        if field.name in SKIPPED or isinstance(field, models.FileField):
            continue
        name = field.name
        if isinstance(field, models.ForeignKey) and field.related_model is Person:
            if {"name", "id_number"} <= own:  # the line carries the person's own fields
                continue
            columns.append((str(Person._meta.get_field("name").verbose_name),
                            lambda line, n=name: getattr(line, n).name))
            columns.append((str(Person._meta.get_field("id_number").verbose_name),
                            lambda line, n=name: mask_id(getattr(line, n).id_number)))
        elif isinstance(field, models.ForeignKey):
            continue
        elif "id_number" in name:
            columns.append((str(field.verbose_name), lambda line, n=name: mask_id(getattr(line, n))))
        elif "mobile" in name or "phone" in name:
            columns.append((str(field.verbose_name), lambda line, n=name: mask_phone(getattr(line, n))))
        elif field.choices:
            columns.append((str(field.verbose_name), lambda line, n=name: getattr(line, f"get_{n}_display")()))
        else:
            columns.append((str(field.verbose_name), lambda line, n=name: _plain(getattr(line, n))))
    return columns


def _plain(value):
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return "" if value is None else value


def lines_export(submission) -> FileResponse:
    """An .xlsx of all the submission's lines, written row by row (read-only streaming of the lines)."""
    lines = get_kind(submission.kind).lines
    columns = lines.export or _field_columns(lines.model)
    target = tempfile.TemporaryFile()
    rows = ([getter(line) for _label, getter in columns]
            for line in submission_lines(submission).iterator(chunk_size=2000))
    write_workbook(target, [SheetColumn(label=label, text=True) for label, _getter in columns], rows,
                   sheet_title=str(submission.kind_label)[:31], with_instructions=False)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=f"{submission.number}-明细.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
