"""The Content API's response shapes: the contract apps and partners code against."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


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


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    status: int
    detail: str
    errors: list[FieldError] = []


# Error answers every read operation documents (schemathesis checks them).
READ_ERRORS = {404: ErrorOut, 422: ErrorOut}
