"""Search: the same word on another hamza seat before waw matches (مسئول / مسؤول), and
words of neighbouring HTML blocks stay apart in the stored search text.

PostgreSQL's `articles_normalize` (the SQL twin of `normalize_arabic`, used for the
headline and deck in the search vector) learns the hamza rule; then every article's
`search_text` is rebuilt with the current Python rules, which also rewrites each row's
stored search vector (a generated column).
"""

from django.db import migrations

DIACRITICS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"
FOLD_FROM = "أإآٱىةؤئ" + "".join(chr(0x0660 + d) for d in range(10)) + "".join(
    chr(0x06F0 + d) for d in range(10)
)
FOLD_TO = "اااايهوي" + "0123456789" * 2


def _normalize_sql(hamza_rule: bool) -> str:
    text = f"regexp_replace(coalesce(t, ''), '{DIACRITICS}', '', 'g')"
    if hamza_rule:
        text = f"regexp_replace({text}, '[\u0626\u0621](?=[\u0648\u0624])', '\u0624', 'g')"
    return f"""
    CREATE OR REPLACE FUNCTION articles_normalize(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT lower(translate({text}, '{FOLD_FROM}', '{FOLD_TO}'))
    $$
    """


def _sql(hamza_rule: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_normalize_sql(hamza_rule))

    return run


def rebuild_search_text(apps, schema_editor):
    from articles.text.normalization import search_text_of

    Article = apps.get_model("articles", "Article")
    articles = Article.objects.only("headline", "deck", "sub_heading", "body")
    batch = []
    for article in articles.order_by("pk").iterator(chunk_size=500):
        article.search_text = search_text_of(
            headline=article.headline,
            deck=article.deck,
            sub_heading=article.sub_heading,
            body=article.body,
        )
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["search_text"])
            batch = []
    Article.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_article_headline_idx")]

    operations = [
        migrations.RunPython(_sql(True), _sql(False)),
        migrations.RunPython(rebuild_search_text, migrations.RunPython.noop),
    ]
