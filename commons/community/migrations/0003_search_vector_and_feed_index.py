"""Indexes for search and the feed at scale.

PostgreSQL: each SearchEntry's tsvector is kept in a stored generated column (title weighted
above body) with a GIN index, so matching and ranking (ts_rank) read the stored vector instead of
parsing the text again for every candidate row. The expression index of 0002 is then redundant
and is dropped. Django's model does not need to know about the column: the database fills it.

Both databases: a partial index on new members' first posts, which the variety feed surfaces
with a welcome; they are rare, so without it finding them means reading the whole window.
"""

from django.db import migrations

POSTGRES_FORWARDS = [
    "ALTER TABLE community_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || "
    "setweight(to_tsvector('english', body), 'B')) STORED",
    "CREATE INDEX IF NOT EXISTS community_searchentry_vector_idx ON community_searchentry "
    "USING gin (search_vector)",
    "DROP INDEX IF EXISTS community_searchentry_fts_idx",
]
POSTGRES_BACKWARDS = [
    "CREATE INDEX IF NOT EXISTS community_searchentry_fts_idx ON community_searchentry "
    "USING gin (to_tsvector('english', title || ' ' || body))",
    "DROP INDEX IF EXISTS community_searchentry_vector_idx",
    "ALTER TABLE community_searchentry DROP COLUMN IF EXISTS search_vector",
]
FEED_FORWARDS = [
    "CREATE INDEX IF NOT EXISTS post_first_posts_idx ON community_post (created_at) "
    "WHERE is_first_post",
]
FEED_BACKWARDS = ["DROP INDEX IF EXISTS post_first_posts_idx"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in (POSTGRES_FORWARDS if vendor == "postgresql" else []) + FEED_FORWARDS:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in FEED_BACKWARDS + (POSTGRES_BACKWARDS if vendor == "postgresql" else []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("community", "0002_search_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
