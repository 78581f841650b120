"""Planner statistics after bulk writes: PostgreSQL's autovacuum analyzes a table only a while after a large
load, and until then list queries on it can take 10–15 ms instead of a fraction of one."""

from django.db import connection, transaction

#: Bulk writes of fewer rows per table and transaction are left to autovacuum.
ANALYZE_MIN_ROWS = 10_000


def bulk_written(model, rows: int) -> None:
    """Note that ``rows`` rows of ``model`` were written in bulk. Once the transaction commits (at once outside
    one), the tables that received at least ``ANALYZE_MIN_ROWS`` rows are analyzed: outside the transaction, so
    no lock is held meanwhile and the committed rows are what is sampled. PostgreSQL only."""
    if connection.vendor != "postgresql" or rows <= 0:
        return
    pending = connection.__dict__.setdefault("_siportal_bulk_rows", {})
    table = model._meta.db_table
    pending[table] = pending.get(table, 0) + rows
    transaction.on_commit(_analyze_pending)


def _analyze_pending() -> None:
    pending = connection.__dict__.pop("_siportal_bulk_rows", {})  # one ANALYZE for all chunks of a transaction
    tables = [connection.ops.quote_name(t) for t, rows in pending.items() if rows >= ANALYZE_MIN_ROWS]
    if tables:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
