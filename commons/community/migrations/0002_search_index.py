"""Full-text indexes over SearchEntry, one per database.

SQLite: an FTS5 table with SearchEntry as external content, kept in step by triggers (so bulk
inserts and cascading deletes stay indexed too). A later migration that makes Django rebuild the
SearchEntry table on SQLite drops the triggers; it must recreate them (run `forwards` again).

PostgreSQL: a GIN index over the same expression `search.py` queries.
"""

from django.db import migrations

SQLITE_FORWARDS = [
    """
    CREATE VIRTUAL TABLE community_search_fts USING fts5(
        title, body,
        content='community_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER community_search_fts_ai AFTER INSERT ON community_searchentry BEGIN
        INSERT INTO community_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER community_search_fts_ad AFTER DELETE ON community_searchentry BEGIN
        INSERT INTO community_search_fts(community_search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER community_search_fts_au AFTER UPDATE ON community_searchentry BEGIN
        INSERT INTO community_search_fts(community_search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO community_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    "INSERT INTO community_search_fts(community_search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS community_search_fts_au",
    "DROP TRIGGER IF EXISTS community_search_fts_ad",
    "DROP TRIGGER IF EXISTS community_search_fts_ai",
    "DROP TABLE IF EXISTS community_search_fts",
]
POSTGRES_FORWARDS = [
    "CREATE INDEX community_searchentry_fts_idx ON community_searchentry "
    "USING gin (to_tsvector('english', title || ' ' || body))",
]
POSTGRES_BACKWARDS = ["DROP INDEX IF EXISTS community_searchentry_fts_idx"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


forwards = _run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS})
backwards = _run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS})


class Migration(migrations.Migration):
    dependencies = [("community", "0001_posts_comments_mentions_messages")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
