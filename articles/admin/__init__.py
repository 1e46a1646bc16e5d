"""The newsroom admin, one module per model family."""
