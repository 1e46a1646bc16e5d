"""Demo pictures drawn with Pillow, so a fresh checkout needs no photo files."""

import io
import random

from PIL import Image as PILImage
from PIL import ImageDraw


def draw_news_picture(*, seed: int, width: int = 1200, height: int = 675) -> bytes:
    """A JPEG of a desert-city skyline at dusk; the same seed gives the same bytes."""
    rng = random.Random(seed)
    top = (rng.randint(40, 90), rng.randint(60, 110), rng.randint(110, 170))
    bottom = (rng.randint(200, 240), rng.randint(140, 190), rng.randint(90, 130))
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    ground = int(height * 0.78)
    x = 0
    while x < width:
        w = rng.randint(40, 120)
        h = rng.randint(60, int(height * 0.45))
        shade = rng.randint(30, 70)
        draw.rectangle(
            [x, ground - h, x + w, ground], fill=(shade, shade - 10, shade - 20)
        )
        for wy in range(ground - h + 12, ground - 12, 22):
            for wx in range(x + 8, x + w - 8, 18):
                if rng.random() < 0.35:
                    draw.rectangle([wx, wy, wx + 6, wy + 9], fill=(250, 210, 120))
        x += w + rng.randint(0, 14)
    draw.rectangle([0, ground, width, height], fill=(120, 95, 70))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
