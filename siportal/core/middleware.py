"""Crafted request parameters never reach a view as a 500.

- Query parameters (search, filters, page…) lose control and format characters before any view reads them:
  a NUL byte would make PostgreSQL fail, an RLO or zero-width character only hides what is searched for.
- A posted form holding a NUL byte is refused with the 400 page: no browser sends one from what a user typed,
  and no field can store it. Every other character is left to the forms, which clean text fields and refuse
  invisible characters in names (see ``siportal.core.formfields``).
- A list filter of the admin that cannot use its value (``?region=abc``) sends the reviewer back to the unfiltered
  list with a message, instead of a 500: Django turns only its own field filters' errors into
  ``IncorrectLookupParameters``, not those of a ``SimpleListFilter``.
"""

import logging

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import HttpResponseRedirect, QueryDict
from django.urls import get_resolver
from django.utils.translation import gettext as _

from .text import strip_invisible

logger = logging.getLogger(__name__)

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
LOOKUP_ERRORS = (IncorrectLookupParameters, ValidationError, ValueError, TypeError, OverflowError)


def _cleaned(data: QueryDict, clean) -> QueryDict | None:
    """A mutable-then-frozen copy of ``data`` with ``clean`` applied to keys and values; None if nothing changes."""
    pairs = [(key, value) for key, values in data.lists() for value in values]
    new_pairs = [(clean(key), clean(value)) for key, value in pairs]
    if new_pairs == pairs:
        return None
    result = QueryDict(mutable=True, encoding=data.encoding)
    for key, value in new_pairs:
        result.appendlist(key, value)
    result._mutable = False
    return result


class CleanInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cleaned_get = _cleaned(request.GET, strip_invisible)
        if cleaned_get is not None:
            request.GET = cleaned_get
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists()):
                return self._bad_request(request, _("提交的内容含有空字符(NUL)"))
        return self.get_response(request)

    @staticmethod
    def _bad_request(request, message):
        exception = SuspiciousOperation(message)
        logger.warning("Refused a POST to %s: %s", request.path, message)
        return get_resolver().resolve_error_handler(400)(request, exception)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if not (match and match.namespace == "admin" and (match.url_name or "").endswith("_changelist")):
            return None
        if not isinstance(exception, LOOKUP_ERRORS) or not request.GET:
            return None
        logger.warning("Refused admin list parameters %s on %s: %r", request.GET.urlencode(), request.path, exception)
        messages.warning(request, _("筛选条件不正确,已显示全部记录。"))
        return HttpResponseRedirect(request.path)
