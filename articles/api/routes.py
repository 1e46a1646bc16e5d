"""How a public read is declared: one GET operation, answered from a shared copy."""

from ninja.decorators import decorate_view

from ..caching import shared_read
from .schemas import READ_ERRORS


def shared_get(router, path, *, ok, summary, operation_id, errors=None, cache=None):
    """`router.get` for a read every reader may share, so none of them forgets the cache.

    `ok` is the 200 schema; `errors` adds documented errors to the usual READ_ERRORS,
    and `cache` replaces the default `shared_read` (e.g. a shorter max-age).
    """

    def register(view):
        return router.get(
            path,
            response={200: ok, **READ_ERRORS, **(errors or {})},
            summary=summary,
            operation_id=operation_id,
        )(decorate_view(cache or shared_read)(view))

    return register
