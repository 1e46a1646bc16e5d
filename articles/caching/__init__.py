"""The page cache: whole anonymous pages shared by every app server through Redis, and
the article page's kept parts. Everything outside this package uses these names only.

- `public_page(view, reads=...)` marks a view whose 200 answers may be shared (urls.py);
  `shared_read` does the same for a Content API read.
- `PageCacheMiddleware` serves and stores those answers and gives every shareable answer
  its ETag and 304 (settings.MIDDLEWARE).
- `retire_pages(editorial=...)` makes every stored page stale; an editorial change also
  retires the kept parts (signals.py, the comment services).
- `PageParts` is what `ArticleDetailView` reads its kept parts from and stores them in.

Inside: pages.py (the middleware and the store), keys.py (which address a page is kept
under), local.py (each process's own copies of hot pages), parts.py (kept parts),
validators.py (ETag, 304, lifetimes). docs/page-cache.md tells the design.
"""

from .keys import share_api_reads, shared_query
from .pages import PageCacheMiddleware, public_page, purge_public_pages
from .parts import PageParts, retire_page_parts
from .validators import set_last_modified, shared_read

__all__ = [
    "PageCacheMiddleware",
    "PageParts",
    "public_page",
    "retire_pages",
    "set_last_modified",
    "share_api_reads",
    "shared_query",
    "shared_read",
]


def retire_pages(*, editorial: bool) -> None:
    """Retire every stored page now and on commit; `editorial` (anything but a comment
    decision) retires the article page's kept parts too."""
    if editorial:
        retire_page_parts()  # the kept parts show no comment
    purge_public_pages()
