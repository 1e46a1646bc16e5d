"""The newsroom admin, one module per model family."""

from . import comments  # noqa: F401,E402
