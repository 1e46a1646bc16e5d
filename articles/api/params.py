"""Query and path parameters shared by the API's operations."""

from typing import Annotated, Literal

from ninja import Header, Path, Query
from pydantic import WithJsonSchema

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
ArticleId = Annotated[
    int, Path(ge=1, le=MAX_ID, example=1, description="The article's id.")
]


def slug_filter(description: str):
    """An optional slug (Arabic letters allowed), as the site's URLs use."""
    return Query(None, max_length=220, pattern=r"^[-\w]+$", description=description)


# The search is judged by `articles.search` (empty, too long, no letters: an Arabic 422
# naming `q`); the schema only documents what the search accepts.
SearchQuery = Annotated[
    Annotated[str, WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 200})]
    | None,
    Query(
        None,
        description=(
            "Arabic search, as on the site's search page (1 to 200 characters with at "
            "least one letter or digit); results come best match first."
        ),
    ),
]

# An app-chosen id for one install (a random UUID is ideal): views and shares count once
# per visitor and article in 30 minutes. Only hashed, never stored in the database.
VISITOR_ID_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"
VisitorId = Annotated[
    str,
    Header(
        ...,
        alias="X-Visitor-Id",
        pattern=VISITOR_ID_PATTERN,
        example="3f6c1d2e-8b4a-4c7e-9d1f-2a5b6c7d8e9f",
        description=(
            "A stable id of the app install (8 to 64 characters: letters, digits, "
            "'-' and '_'; a random UUID is ideal)."
        ),
    ),
]

Window = Annotated[
    Literal["24h", "7d"],
    Query("24h", description="Count views over the last 24 hours or 7 days."),
]
