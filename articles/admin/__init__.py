"""The newsroom admin, one module per model family."""

from . import engagement  # noqa: F401
