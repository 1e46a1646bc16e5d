"""The newsroom admin, one module per model family."""

from . import articles, images, taxonomy  # noqa: F401
