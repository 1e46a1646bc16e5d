"""The newsroom admin, one module per model family."""

from . import articles, comments, images, taxonomy  # noqa: F401
