"""The newsroom admin, one module per model family."""

from . import articles, comments, engagement, images, taxonomy  # noqa: F401
