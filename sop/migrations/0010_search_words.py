"""The search vocabulary (sop.SearchWord) and the indexes the typo-tolerant search uses on
PostgreSQL: trigrams of the vocabulary's words, and the stemmed titles.

Triggers add the words of every title and version text saved, in sorted order (two transactions
adding the same words then queue instead of deadlocking). Words are never removed: a word no SOP
uses any more only offers a spelling that finds nothing. On SQLite the table stays empty (its search
matches exact words).
"""

from django.db import migrations, models

WORDS = (
    "SELECT DISTINCT w FROM regexp_split_to_table(lower({text}), '[^[:alnum:]]+') AS w"
    " WHERE length(w) BETWEEN 4 AND 60 ORDER BY w"
)

CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION sop_search_words_add() RETURNS trigger AS $$
    BEGIN
        INSERT INTO sop_searchword (word)
        {WORDS.format(text="COALESCE(to_jsonb(NEW) ->> TG_ARGV[0], '')")}
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER sop_version_search_words AFTER INSERT OR UPDATE OF search_text ON sop_sopversion"
    " FOR EACH ROW EXECUTE FUNCTION sop_search_words_add('search_text')",
    "CREATE TRIGGER sop_title_search_words AFTER INSERT OR UPDATE OF title ON sop_sop"
    " FOR EACH ROW EXECUTE FUNCTION sop_search_words_add('title')",
    "CREATE INDEX sop_searchword_trgm ON sop_searchword USING gin (word gin_trgm_ops)",
    "CREATE INDEX sop_title_fts ON sop_sop USING gin (to_tsvector('indonesian'::regconfig, COALESCE(title, ''::text)))",
    # The words already there.
    "INSERT INTO sop_searchword (word) SELECT DISTINCT w"
    " FROM (SELECT search_text AS t FROM sop_sopversion UNION ALL SELECT title FROM sop_sop) AS s,"
    " regexp_split_to_table(lower(COALESCE(t, '')), '[^[:alnum:]]+') AS w"
    " WHERE length(w) BETWEEN 4 AND 60 ORDER BY w ON CONFLICT DO NOTHING",
]
DROP = [
    "DROP TRIGGER IF EXISTS sop_version_search_words ON sop_sopversion",
    "DROP TRIGGER IF EXISTS sop_title_search_words ON sop_sop",
    "DROP FUNCTION IF EXISTS sop_search_words_add()",
    "DROP INDEX IF EXISTS sop_title_fts",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("sop", "0009_imports")]
    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.TextField(primary_key=True, serialize=False))],
        ),
        migrations.RunPython(create, drop),
    ]
