"""PostgreSQL: store the weighted search vector in a generated column; a no-op on SQLite.

Ranking read the vector through the expression index's function, so PostgreSQL rebuilt
`to_tsvector` of every matching article for every search: 2.3 s for a word found in
most of 10,000 articles. A STORED generated column keeps the vector with the row,
always in step with headline, deck and search text, and the GIN index moves onto it.
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector
      GENERATED ALWAYS AS (articles_search_vector(headline, deck, search_text)) STORED
    """,
    """
    CREATE INDEX IF NOT EXISTS article_search_vector_idx ON articles_article
      USING gin (search_vector)
    """,
    "DROP INDEX IF EXISTS article_search_idx",
]
BACKWARD = [
    """
    CREATE INDEX IF NOT EXISTS article_search_idx ON articles_article
      USING gin (articles_search_vector(headline, deck, search_text))
    """,
    "DROP INDEX IF EXISTS article_search_vector_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_article_newest_idx")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
