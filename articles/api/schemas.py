"""The Content API's response shapes: the contract apps and partners code against."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from ..models import EngagementCount


class SectionRef(Schema):
    slug: str
    name: str


class AuthorRef(Schema):
    slug: str
    name: str


class TagRef(Schema):
    slug: str
    name: str


class Rendition(Schema):
    url: str
    width: int
    height: int


class ImageOut(Schema):
    url: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    renditions: dict[str, Rendition] = Field(
        description="Resized copies by name (card_webp, large_avif, og_jpeg ...)."
    )


class SourceOut(Schema):
    name: str
    url: str
    original_url: str
    original_published_at: date | None = Field(
        description="The day the piece first appeared at its source."
    )


class Counts(Schema):
    views: int
    comments: int
    shares: int


class ArticleItem(Schema):
    id: int
    url: str = Field(description="Absolute canonical URL of the article page.")
    short_url: str
    headline: str
    slug: str
    deck: str
    section: SectionRef
    authors: list[AuthorRef] = Field(description="In byline order.")
    tags: list[TagRef]
    published_at: datetime
    updated_at: datetime = Field(
        description="Last editorial change; equals published_at when there was none."
    )
    image: ImageOut | None
    source: SourceOut | None = Field(description="Only for republished pieces.")
    counts: Counts


class CorrectionOut(Schema):
    text: str
    created_at: datetime


class ArticleDetail(ArticleItem):
    sub_heading: str
    dateline: str
    body_html: str = Field(description="Sanitised HTML of the body.")
    corrections: list[CorrectionOut]
    comments_open: bool


class ArticlePage(Schema):
    count: int = Field(description="Total number of matching articles.")
    limit: int
    offset: int
    items: list[ArticleItem]


class SectionOut(Schema):
    slug: str
    name: str
    description: str
    url: str


class SectionList(Schema):
    count: int
    items: list[SectionOut]


class AuthorOut(Schema):
    slug: str
    name: str
    bio: str
    url: str


class AuthorPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AuthorOut]


class MostReadItem(ArticleItem):
    recent_views: int = Field(description="Reader views inside the window.")


class MostReadList(Schema):
    window: str
    items: list[MostReadItem]


class CommentOut(Schema):
    id: int
    parent: int | None = Field(description="The comment this replies to (one level).")
    name: str
    body: str = Field(description="Plain text: show it as text, never as HTML.")
    created_at: datetime


class CommentPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CommentOut]


class CommentTokenOut(Schema):
    token: str = Field(description="Send it back as `token` with the comment.")
    min_seconds: float = Field(description="Wait at least this long before sending.")
    max_age_seconds: int = Field(description="The token expires after this long.")


class CommentIn(Schema):
    model_config = {
        "json_schema_extra": {
            "example": {
                "name": "سارة",
                "body": "شكرًا على هذا التقرير الواضح.",
                "email": "",
                "parent": None,
                "token": "<from GET /api/v1/comment-token>",
                "website": "",
            }
        }
    }

    name: str = Field(description="Shown with the comment (up to 80 characters).")
    body: str = Field(description="Plain text, up to 5,000 characters.")
    email: str = Field(
        "", description="Optional, never published: told there when approved."
    )
    parent: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Id of a visible comment to reply to."
    )
    token: str = Field(
        description="From GET /api/v1/comment-token, fetched when the reader starts "
        "writing (at least a few seconds before sending)."
    )
    website: str = Field(
        "",
        description="Honeypot: must stay empty (apps never fill it; form robots do).",
        json_schema_extra={"maxLength": 0},
    )


class CommentAccepted(Schema):
    status: str = Field(description='Always "pending": a moderator reviews it first.')
    detail: str


# The networks the site's share buttons count, from the model (one list).
NetworkName = Literal[tuple(EngagementCount.Network.values)]


class ShareIn(Schema):
    network: NetworkName = Field(description="Where the reader shared the article.")


class Counted(Schema):
    counted: bool = Field(
        description="False when not counted: a repeat within 30 minutes, a bot, "
        "a prefetch or a signed-in staff member."
    )


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    status: int
    detail: str
    errors: list[FieldError] = []


# Error answers every read operation documents (schemathesis checks them).
READ_ERRORS = {404: ErrorOut, 422: ErrorOut}
# Errors a write documents: bad input, refused, unknown article, duplicate, flood.
WRITE_ERRORS = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
