"""Named locks held until the current transaction ends.

SQLite needs none: Commons opens its transactions IMMEDIATE, so only one writer is ever inside one. On
PostgreSQL an advisory transaction lock does it; unlike a lock on a row, it also works when there is no
row to lock yet (an empty audit log, no re-screening run so far).
"""

from django.db import connection

# Any distinct constants will do; each names one advisory lock.
AUDIT_CHAIN = 0x636F6D6D6F6E73  # "commons"
RESCREEN = 0x636F6D6D6F6E74


def hold_until_commit(key: int) -> None:
    """Wait for, then hold, the lock ``key`` until this transaction commits or rolls back."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
