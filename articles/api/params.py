"""Query and path parameters shared by the API's operations."""

from typing import Annotated

from ninja import Path, Query

# Bounds keep every value inside what SQLite and PostgreSQL integers hold.
MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_ID = 2**63 - 1

Limit = Annotated[
    int,
    Query(
        20,
        ge=1,
        le=MAX_LIMIT,
        description=f"How many items to return (1 to {MAX_LIMIT}).",
    ),
]
Offset = Annotated[
    int,
    Query(
        0,
        ge=0,
        le=MAX_OFFSET,
        description=f"How many items to skip (0 to {MAX_OFFSET}).",
    ),
]
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="The article's id.")]


def slug_filter(description: str):
    """An optional slug (Arabic letters allowed), as the site's URLs use."""
    return Query(None, max_length=220, pattern=r"^[-\w]+$", description=description)
