"""Which address a shared page is stored under: its path and the parameters it reads.

Links shared on social networks arrive with parameters no page reads: `fbclid` (a new
value on every click from Facebook), `utm_source`, `gclid`, or anything a visitor or a
bot types (`?x=1`, `?x=2`, ...). Keyed by the full query string, every such visit was a
cache miss and a full render, and each one stored another copy of the same page. Each
public page names the parameters it reads (`public_page(view, reads=("page",))`); only
those, sorted, key its copy, so every other parameter is answered from the same page.
An address that is no public page (a form, a redirect, an unknown path) is never stored.
"""

import functools
import re

from django.core.exceptions import TooManyFieldsSent
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import QueryDict
from django.urls import Resolver404, get_urlconf, resolve

from ..middleware import API_PREFIX, query_params

PAGE_PARAMS = "page_params"  # the attribute `public_page` sets on the view it marks
_ROUTE_ARGUMENT = re.compile(r"<(?:[^:>]+:)?([^>]+)>")


def params_read(request) -> frozenset | None:
    """The query parameters the public page at this path reads; None: nothing to share,
    because no public page is there or because the query holds more fields than Django
    reads (the page answers 400, which must not be remembered for the address without
    them: one such request would keep every reader of `/latest/` off the cache)."""
    try:
        request.GET  # noqa: B018 (parsing the query is what may fail)
    except TooManyFieldsSent:
        return None
    return _params_read_at(request.path_info, get_urlconf())


def page_address(request, read: frozenset | None = None) -> str:
    """Path and read parameters (sorted) of a public page, as its stored copy's key;
    `read` when the caller has it already (the page cache, once per request)."""
    if read is None:
        read = params_read(request) or frozenset()
    query = _only(query_params(request), read).urlencode()
    return f"{request.path}?{query}" if query else request.path


def shared_query(request) -> QueryDict:
    """The query parameters a page may echo into its links: on a public page only those
    it reads, so one visitor's `fbclid` never reaches the readers its copy is shared
    with; elsewhere all of them."""
    read = params_read(request)
    params = query_params(request)
    return params if read is None else _only(params, read)


def _only(params: QueryDict, names: frozenset) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in sorted(names):
        for value in params.getlist(name):
            kept.appendlist(name, value)
    return kept


@functools.lru_cache(maxsize=4096)
def _params_read_at(path_info: str, urlconf) -> frozenset | None:
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    read = getattr(match.func, PAGE_PARAMS, None)
    if read is None and path_info.startswith(API_PREFIX):
        route = "/" + _ROUTE_ARGUMENT.sub(r"{\1}", match.route)
        read = _api_reads().get(route)
    return read


_api_schemas = []  # each Content API's OpenAPI schema, as `share_api_reads` noted it


def share_api_reads(schema) -> None:
    """Key the Content API's reads (GET) by the query parameters its OpenAPI `schema`
    (a callable returning it) names; the API calls this once it is built, so the page
    cache never imports the API."""
    _api_schemas.append(schema)
    _api_reads.cache_clear()
    _params_read_at.cache_clear()


@functools.cache
def _api_reads() -> dict[str, frozenset]:
    """Each Content API read (GET) and its query parameters, from its OpenAPI schema."""
    return {
        path: frozenset(
            parameter["name"]
            for parameter in operations["get"].get("parameters", [])
            if parameter["in"] == "query"
        )
        for schema in _api_schemas
        for path, operations in schema()["paths"].items()
        if "get" in operations
    }


@receiver(setting_changed)
def _forget_on_urlconf_change(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _params_read_at.cache_clear()
