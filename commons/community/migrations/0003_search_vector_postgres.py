"""PostgreSQL: keep each SearchEntry's tsvector in a stored generated column, with a GIN index.

Ranking (ts_rank) and matching read the stored vector instead of parsing the text again for
every candidate row, which is what keeps search fast on large communities. The title weighs more
than the body. The expression index of 0002 is then redundant and is dropped. SQLite: nothing.
The column is maintained by the database; Django's model does not need to know about it.
"""

from django.db import migrations

FORWARDS = [
    "ALTER TABLE community_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')"
    ") STORED",
    "CREATE INDEX community_searchentry_vector_idx ON community_searchentry "
    "USING gin (search_vector)",
    "DROP INDEX IF EXISTS community_searchentry_fts_idx",
]
BACKWARDS = [
    "CREATE INDEX IF NOT EXISTS community_searchentry_fts_idx ON community_searchentry "
    "USING gin (to_tsvector('english', title || ' ' || body))",
    "DROP INDEX IF EXISTS community_searchentry_vector_idx",
    "ALTER TABLE community_searchentry DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARDS:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARDS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("community", "0002_search_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
