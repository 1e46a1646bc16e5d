"""How admin pages show a picture: its card rendition at a fixed size."""

from django.utils.html import format_html


def card_picture(image, *, width: int, height: int, described=False, lazy=True):
    """An `<img>` of the image's card rendition at the given size, or "-" without one.

    A described picture carries its alt text; a thumbnail beside a name is decoration.
    """
    if image is None:
        return "-"
    template = '<img src="{}" alt="{}" width="{}" height="{}"'
    template += ' loading="lazy">' if lazy else ">"
    alt = image.alt_text if described else ""
    return format_html(template, image.card_webp.url, alt, width, height)
