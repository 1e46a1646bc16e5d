"""Sections and authors, for apps building menus and author pages."""

from ninja import Router

from ..models import Author, Section
from .params import Limit, Offset
from .representations import absolute
from .routes import shared_get
from .schemas import AuthorPage, SectionList

router = Router(tags=["taxonomy"])


@shared_get(
    router,
    "/sections",
    ok=SectionList,
    summary="All sections in menu order",
    operation_id="list_sections",
)
def list_sections(request):
    items = [
        {
            "slug": section.slug,
            "name": section.name,
            "description": section.description,
            "url": absolute(section.get_absolute_url()),
        }
        for section in Section.objects.order_by("position", "name")
    ]
    return {"count": len(items), "items": items}


@shared_get(
    router,
    "/authors",
    ok=AuthorPage,
    summary="Active authors by name",
    operation_id="list_authors",
)
def list_authors(request, limit: Limit = 20, offset: Offset = 0):
    authors = Author.objects.filter(is_active=True).order_by("name", "pk")
    return {
        "count": authors.count(),
        "limit": limit,
        "offset": offset,
        "items": [
            {
                "slug": author.slug,
                "name": author.name,
                "bio": author.bio,
                "url": absolute(author.get_absolute_url()),
            }
            for author in authors[offset : offset + limit]
        ],
    }
