"""Hand-written search plumbing for PostgreSQL; a no-op on SQLite.

- pg_trgm, and a GIN trigram index on the normalised `search_text` (fuzzy fallback).
- `articles_normalize(text)`: the SQL twin of `articles.text.normalization.normalize_arabic`
  (diacritics and tatweel dropped, letter variants and digits folded, lowercased).
- `articles_search_vector(headline, deck, search_text)`: the weighted `arabic` vector
  (A headline, B deck, C everything), with a GIN expression index over it.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

DIACRITICS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"
FOLD_FROM = "أإآٱىةؤئ" + "".join(chr(0x0660 + d) for d in range(10)) + "".join(
    chr(0x06F0 + d) for d in range(10)
)
FOLD_TO = "اااايهوي" + "0123456789" * 2

FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION articles_normalize(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT lower(translate(regexp_replace(coalesce(t, ''), '{DIACRITICS}', '', 'g'),
                             '{FOLD_FROM}', '{FOLD_TO}'))
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION articles_search_vector(headline text, deck text, body text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT setweight(to_tsvector('arabic'::regconfig, articles_normalize(headline)), 'A')
          || setweight(to_tsvector('arabic'::regconfig, articles_normalize(deck)), 'B')
          || setweight(to_tsvector('arabic'::regconfig, coalesce(body, '')), 'C')
    $$
    """,
    """
    CREATE INDEX IF NOT EXISTS article_search_idx ON articles_article
      USING gin (articles_search_vector(headline, deck, search_text))
    """,
    """
    CREATE INDEX IF NOT EXISTS article_search_trgm_idx ON articles_article
      USING gin (search_text gin_trgm_ops)
    """,
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_search_trgm_idx",
    "DROP INDEX IF EXISTS article_search_idx",
    "DROP FUNCTION IF EXISTS articles_search_vector(text, text, text)",
    "DROP FUNCTION IF EXISTS articles_normalize(text)",
]


class _TrigramExtension(TrigramExtension):
    """pg_trgm; Django's reverse step queries pg_extension even on SQLite, so skip it."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_comments_moderation")]

    operations = [
        _TrigramExtension(),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
