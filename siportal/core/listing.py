"""A list page's own query string, for lists rendered once and cached (``siportal.core.versions``): the cache key
and the pager see only the parameters the list depends on, never the rest of the request."""

from django.http import QueryDict


def list_query(pairs) -> QueryDict:
    """The query string of the non-empty ``(name, value)`` pairs, in their order."""
    query = QueryDict(mutable=True)
    for name, value in pairs:
        if value:
            query[name] = value
    return query


class QueryOnly:
    """Stands for the request in a cached list's template: the pager reads ``request.GET`` and nothing else."""

    def __init__(self, query: QueryDict):
        self.GET = query
