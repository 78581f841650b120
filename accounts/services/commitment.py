"""承诺书: the letter template filled with the unit's name, and the upload of the signed and stamped scan."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siportal.core.pdf import render_pdf
from siportal.core.services import audit_record

from ..models import CommitmentLetter, Unit
from ..uploads import scan_kind


def commitment_template_pdf(*, unit: Unit) -> bytes:
    """The 社会保险网上经办业务承诺书 as a PDF, with the unit's name and USCC filled in. No side effects."""
    return render_pdf("pdf/commitment.html", {"unit": unit, "today": timezone.localdate()})


def commitment_upload(*, unit: Unit, file, by, request=None) -> CommitmentLetter:
    """Store the signed 承诺书 scan of ``unit`` (PDF, JPG or PNG, recognised by content).

    Side effects: saves the file to the media store and a ``CommitmentLetter`` row, writes the audit row
    ``commitment.uploaded``. Raises ``django.core.exceptions.ValidationError`` for an empty, too large or
    wrongly typed file.
    """
    extension = scan_kind(file)
    with transaction.atomic():
        letter = CommitmentLetter(unit=unit, extension=extension, size=file.size, uploaded_by=by)
        letter.file.save(f"commitment.{extension}", file, save=False)
        letter.save()
        audit_record(actor=by, action="commitment.uploaded", obj=letter,
                     detail=_("%(ext)s,%(size)d字节") % {"ext": extension.upper(), "size": file.size},
                     request=request)
    return letter
