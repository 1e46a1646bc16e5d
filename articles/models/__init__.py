"""The newsroom's content model, one module per concern."""

from .article import Article, ArticleImage, ArticleSlug, Byline, Correction
from .comments import Comment, ModerationWord
from .engagement import ArticleEngagement, EngagementCount
from .images import Image
from .taxonomy import Author, Section, Source, Tag

__all__ = [
    "Article",
    "ArticleEngagement",
    "ArticleImage",
    "ArticleSlug",
    "Author",
    "Byline",
    "Comment",
    "Correction",
    "EngagementCount",
    "Image",
    "ModerationWord",
    "Section",
    "Source",
    "Tag",
]
