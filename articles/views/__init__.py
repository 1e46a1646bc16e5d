"""Reader-facing views, one module per concern."""
