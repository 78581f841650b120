"""Responses that carry personal data or secrets: never cached, never sniffed, files only as downloads.

``no_store`` marks a view whose page shows full ID numbers, phones or secrets; ``file_response`` serves a
stored file *after* the calling view checked its owner (media is never served statically).
"""

from functools import wraps
from pathlib import PurePath

from django.http import FileResponse

NO_STORE = "no-store, no-cache, max-age=0, private"


def mark_no_store(response):
    """Tell browsers and proxies to keep no copy of ``response``."""
    response["Cache-Control"] = NO_STORE
    response["Pragma"] = "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def no_store(view):
    """View decorator: the response (whatever its status) is sent with ``Cache-Control: no-store``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return mark_no_store(view(request, *args, **kwargs))

    return wrapped


def file_response(field_file, *, filename: str, content_type: str | None = None):
    """Stream a stored file (a ``FieldFile``) the caller has checked the user may read.

    PDFs may open in the browser; anything else is an attachment. Always ``no-store`` and ``nosniff``.
    """
    is_pdf = PurePath(field_file.name).suffix.lower() == ".pdf"
    response = FileResponse(field_file.open("rb"), as_attachment=not is_pdf, filename=filename,
                            content_type=content_type)
    return mark_no_store(response)
