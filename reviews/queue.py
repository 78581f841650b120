"""The reviewer queue's cache (the Submission admin's change list, ``reviews.admin.SubmissionAdmin``).

The queue's *content* — search box, actions bar, table, pager, filters with their choices — is the same for every
reviewer who sees the same regions with the same permissions and asks for the same query string: it is rendered
once for all of them. Each reviewer's whole *page* (the content inside the admin's header with their name) is
kept too, so that a look at an unchanged queue renders nothing. Both are kept under the data versions
(``siportal.core.versions``) of every region of the reviewer's subtree: a committed save or delete of any
submission in one of them (``reviews.versions``) makes them unreachable, so the queue never shows an item in a
state it has left.

What the keys name, and what stays out of the cached HTML:

* the content's key: the reviewer's scope and the regions it holds (ids and names: a region moved, added or
  renamed gives another key), the actions offered and the model permissions, the query string (filters, search,
  order, page — hence also the filters kept in the item links), language, time zone and today's date (the date
  filter's links); the page's key adds the user and what the header shows of them;
* the CSRF token: the cached HTML holds a placeholder, replaced with this request's token on every response;
* the permission check, the user and their regions: read on every request, before anything cached is used;
* not cached at all: POST (bulk actions), popups, pages with an error flag, whatever is not a 200 page, and a
  page with messages to show (their content may come from the cache, the page is rendered around it).

Only with data versions on (a cache shared by every process, i.e. Redis): otherwise the admin's change list runs
on every request as it always did.
"""

import hashlib

from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.views.main import ERROR_FLAG
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from accounts.selectors import region_subtree_names

#: Bumped when the queue's markup changes, so that a deploy never serves the previous release's HTML.
MARKUP_VERSION = "1"

#: What stands for the CSRF token in the cached HTML; derived from SECRET_KEY, so no data can spell it.
CSRF_PLACEHOLDER = "csrf-" + salted_hmac("reviews.queue", "csrf-placeholder").hexdigest()[:32]

#: The content block's bounds in the page rendered on a miss (templates/admin/reviews/submission/change_list.html).
START, END = "<!--queue-content-->", "<!--/queue-content-->"


def cacheable(request) -> bool:
    """A plain look at the queue: GET or HEAD, not a popup, no error flag."""
    return request.method in ("GET", "HEAD") and not any(
        name in request.GET for name in (IS_POPUP_VAR, TO_FIELD_VAR, ERROR_FLAG))


def visible_regions(scope_path) -> list[tuple[int, str]]:
    """The regions (id, name) of the subtree at ``scope_path`` (``None``: every region, a superuser's view)."""
    return region_subtree_names(scope_path)


def scopes_and_key(request, scope, regions, permissions) -> tuple[list[str], str]:
    """The data-version scopes of the regions seen and the key naming everything else the content depends on:
    ``scope`` (the region path the reviewer is limited to, ``None`` for all), ``regions`` (``visible_regions``),
    ``permissions`` (what the reviewer may do on the page: the actions offered, the model permissions)."""
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    facts = repr((MARKUP_VERSION, scope, regions, permissions, query, translation.get_language(),
                  timezone.get_current_timezone_name(), timezone.localdate().isoformat()))
    digest = hashlib.blake2b(facts.encode(), digest_size=16).hexdigest()
    return [f"sub:region:{pk}" for pk, _name in regions], f"reviews.queue:{digest}"


def page_key(content_key: str, user) -> str:
    """The key of one reviewer's whole page: the content's key and what the page's header shows of the user."""
    facts = repr((user.pk, user.get_short_name(), user.get_username(), user.has_usable_password()))
    return f"{content_key}:page:{hashlib.blake2b(facts.encode(), digest_size=12).hexdigest()}"


def messages_pending(request) -> bool:
    """Whether the page has messages to show (counted without marking them shown)."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def content_of(page: str) -> str | None:
    """The content block of a page rendered with the markers, or ``None`` if they are missing."""
    start, end = page.find(START), page.find(END)
    if start < 0 or end < start:
        return None
    return page[start + len(START):end]


def without_markers(page: str) -> str:
    return page.replace(START, "", 1).replace(END, "", 1)


def with_token(html: str, request) -> str:
    """The cached HTML with this request's CSRF token (``get_token`` also sees that the cookie is sent)."""
    return html.replace(CSRF_PLACEHOLDER, get_token(request))


def site_context(site, request) -> dict:
    """``site.each_context(request)`` without building the app list unless a template shows it (the queue page
    has no nav sidebar: it was most of what the admin's shared context cost)."""
    from django.utils.functional import SimpleLazyObject

    script_name = request.META["SCRIPT_NAME"]
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": script_name if site.site_url == "/" and script_name else site.site_url,
        "has_permission": site.has_permission(request),
        "available_apps": SimpleLazyObject(lambda: site.get_app_list(request)),
        "is_popup": False,
        "is_nav_sidebar_enabled": site.enable_nav_sidebar,
        "log_entries": site.get_log_entries(request),
    }


def finish_page(response, request):
    """A page the admin's change list rendered with the placeholder: without the markers, with this request's
    CSRF token (now, or once rendered if it is a template response not rendered yet)."""

    def finish(rendered):
        if rendered.streaming:
            return rendered
        page = rendered.content.decode(rendered.charset)
        rendered.content = with_token(without_markers(page), request).encode(rendered.charset)
        return rendered

    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.add_post_render_callback(finish)
        return response
    return finish(response)
