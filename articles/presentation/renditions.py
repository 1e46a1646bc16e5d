"""Rendition URLs of stored pictures, worked out once per process.

A rendition's name follows from the source file's name, and imagekit computes it by
pickling the spec: about 30 times per article page. These are remembered per process,
keyed by the file name (a new upload is a new name); a failure is not remembered.
"""

import functools

from ..models import Image
from ..models.images import RENDITION_SIZES


@functools.lru_cache(maxsize=4096)
def rendition_urls(
    image_pk: int, file_name: str
) -> tuple[tuple[tuple[str, str], ...], str]:
    """Srcsets per format and the fallback URL of one stored picture."""
    image = Image(pk=image_pk, file=file_name)
    widths = {name: w for name, w, _h in RENDITION_SIZES}
    sources = tuple(
        (
            fmt,
            ", ".join(
                f"{getattr(image, f'{name}_{fmt}').url} {widths[name]}w"
                for name in ("card", "medium", "large")
            ),
        )
        for fmt in ("avif", "webp", "jpeg")
    )
    return sources, image.medium_jpeg.url


@functools.lru_cache(maxsize=16384)
def rendition_path(image_pk: int, file_name: str, field: str) -> str:
    """The URL path of one rendition (`og_jpeg`, `card_webp`, ...) of one picture."""
    return getattr(Image(pk=image_pk, file=file_name), field).url


def forget() -> None:
    """Drop what is remembered (tests reuse ids and names across media roots)."""
    rendition_urls.cache_clear()
    rendition_path.cache_clear()
