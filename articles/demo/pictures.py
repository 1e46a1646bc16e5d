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


def draw_portrait(*, seed: int, size: int = 600) -> bytes:
    """A JPEG head-and-shoulders silhouette for a demo author; same seed, same bytes."""
    rng = random.Random(seed)
    background = (rng.randint(150, 220), rng.randint(150, 220), rng.randint(150, 220))
    skin = rng.choice(
        [(224, 187, 150), (198, 150, 110), (160, 110, 80), (235, 200, 170)]
    )
    clothes = (rng.randint(20, 90), rng.randint(20, 90), rng.randint(60, 140))
    hair = rng.choice([(30, 25, 20), (70, 45, 30), (20, 20, 20), (110, 80, 50)])
    picture = PILImage.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    cx = size // 2
    draw.ellipse([cx - 230, int(size * 0.68), cx + 230, int(size * 1.3)], fill=clothes)
    draw.rectangle([cx - 45, int(size * 0.52), cx + 45, int(size * 0.72)], fill=skin)
    head = [cx - 110, int(size * 0.18), cx + 110, int(size * 0.6)]
    draw.ellipse([head[0] - 8, head[1] - 14, head[2] + 8, head[3] - 90], fill=hair)
    draw.ellipse(head, fill=skin)
    for dx in (-40, 40):
        draw.ellipse([cx + dx - 9, 250, cx + dx + 9, 266], fill=(40, 30, 30))
    draw.arc([cx - 40, 300, cx + 40, 340], 20, 160, fill=(120, 60, 60), width=5)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
