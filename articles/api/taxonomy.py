"""Sections and authors, for apps building menus and author pages."""

from ninja import Router
from ninja.decorators import decorate_view

from ..caching import shared_read
from ..models import Author, Section
from .params import Limit, Offset
from .representations import absolute
from .schemas import READ_ERRORS, AuthorPage, SectionList

router = Router(tags=["taxonomy"])


@router.get(
    "/sections",
    response={200: SectionList, **READ_ERRORS},
    summary="All sections in menu order",
    operation_id="list_sections",
)
@decorate_view(shared_read)
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


@router.get(
    "/authors",
    response={200: AuthorPage, **READ_ERRORS},
    summary="Active authors by name",
    operation_id="list_authors",
)
@decorate_view(shared_read)
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
