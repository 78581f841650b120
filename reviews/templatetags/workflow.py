"""Template helpers of the workflow: one page of a submission's lines (never all at once) for summaries."""

from django import template

from .. import selectors

register = template.Library()

SUMMARY_PAGE_SIZE = 50


@register.simple_tag(takes_context=True)
def lines_page(context, submission):
    """``{"page", "total", "q"}`` of a many-line submission's lines for the page asked in the URL
    (``lines_page``, search ``lq``), or None for a kind without lines."""
    request = context.get("request")
    get = request.GET if request is not None else {}
    q = get.get("lq", "").strip()
    found = selectors.lines_page(submission, q=q, page=get.get("lines_page"), size=SUMMARY_PAGE_SIZE)
    if found is not None:
        found["q"] = q
    return found
