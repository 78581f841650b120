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


# ---------------------------------------------------------------- statements compiled once per process
#: psycopg prepares no statement by itself at this threshold (Django disables preparing: ``None``); the
#: statements run through ``statement_cursor(prepared=True)`` ask for it each time.
_NEVER_BY_ITSELF = 1 << 30


def _prepared_cursor_classes():
    import psycopg
    from django.db.backends.postgresql.base import CursorDebugWrapper

    class PreparedCursor(psycopg.Cursor):
        """Server-side binding, every statement prepared (planned once per connection, then only executed)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    class PreparedDebugWrapper(CursorDebugWrapper):
        """Logs the statement with its values (Django reads them from a client-side cursor only)."""

        def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
            if use_last_executed_query and not many:
                sql = self.db.ops.compose_sql(sql, params)
            return super().debug_sql(sql, params, False, many)

    return PreparedCursor, PreparedDebugWrapper


_prepared_cursor = None


def statement_cursor(alias: str = "default", *, prepared: bool = False):
    """A cursor (a context manager, like ``connection.cursor()``) for the few statements run on every request.

    With ``prepared`` on PostgreSQL (psycopg 3) the statement is a server-side prepared statement of the
    connection: PostgreSQL plans it once per connection instead of on every request (for the request's user,
    planning took longer than running it). Not behind a transaction-pooling PgBouncer (a prepared statement
    belongs to one server connection): ``DISABLE_SERVER_SIDE_CURSORS`` marks that setup and turns this off, and
    ``DB_PREPARED_STATEMENTS=false`` turns it off alone (a PgBouncer from 1.21 keeps prepared statements).
    The SQL must suit server-side binding: every parameter's type known from its context (no bare ``%s`` in
    the select list)."""
    from django.conf import settings
    from django.db import connections
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    db = connections[alias]
    if not (prepared and db.vendor == "postgresql" and is_psycopg3 and settings.DB_PREPARED_STATEMENTS
            and not db.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")):
        return db.cursor()
    global _prepared_cursor
    if _prepared_cursor is None:
        _prepared_cursor = _prepared_cursor_classes()
    cursor_class, debug_wrapper = _prepared_cursor
    db.close_if_health_check_failed()
    db.ensure_connection()
    with db.wrap_database_errors:
        raw = db.connection
        if raw.prepare_threshold is None:
            raw.prepare_threshold = _NEVER_BY_ITSELF
        cursor = cursor_class(raw)
        db.validate_thread_sharing()
        return debug_wrapper(cursor, db) if db.queries_logged else db.make_cursor(cursor)


#: Stands for the one per-request value of a cached statement (an owner's id) while it is compiled.
PLACEHOLDER_ID = -918_273_645
_statements: dict = {}


def one_row(key, build, value: int) -> dict:
    """Run the single-row ``values()`` query ``build(PLACEHOLDER_ID)`` for ``value``, compiling it to SQL only
    once per process and ``key`` (the ORM's compilation of a query with subqueries costs ~20× its execution).

    ``build`` must return the same query shape for the same ``key``, and use its argument only as a parameter
    (e.g. ``filter(unit=owner_id)``); every parameter equal to ``PLACEHOLDER_ID`` is replaced by ``value``."""
    from django.db import connections

    alias_key = (connection.alias, key)
    statement = _statements.get(alias_key)
    if statement is None:
        queryset = build(PLACEHOLDER_ID)
        query = queryset.query
        sql, params = query.sql_with_params()
        names = [*query.extra_select, *query.values_select, *query.annotation_select]  # as ValuesIterable names them
        statement = _statements[alias_key] = (queryset.db, sql, tuple(params), names)
    db, sql, params, names = statement
    with connections[db].cursor() as cursor:
        cursor.execute(sql, [value if p == PLACEHOLDER_ID else p for p in params])
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True)) if row is not None else {}


_objects: dict = {}


def _compile_object_query(queryset):
    from django.db.models.query import get_related_populators

    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    select, klass_info = compiler.select, compiler.klass_info
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return {
        "db": queryset.db, "sql": sql, "params": tuple(params), "model": klass_info["model"], "slice": (start, end),
        "init_list": [f[0].target.attname for f in select[start:end]],
        "related": get_related_populators(klass_info, select, queryset.db),
        "annotations": dict(compiler.annotation_col_map),
        "converters": compiler.get_converters([s[0] for s in select[:compiler.col_count]]),
    }


def one_object(key, build, value: int, *, prepared: bool = False):
    """The model instance of the query ``build(PLACEHOLDER_ID)`` for ``value`` (at most one row), with its
    ``select_related`` objects and annotations, as the ORM would build it; compiled to SQL once per process and
    ``key`` (for queries run on every request, such as the request's user), and with ``prepared`` planned once
    per connection (``statement_cursor``). None if there is no row."""
    from django.db import connections

    alias_key = (connection.alias, key)
    statement = _objects.get(alias_key)
    if statement is None:
        statement = _objects[alias_key] = _compile_object_query(build(PLACEHOLDER_ID))
    db = connections[statement["db"]]
    with statement_cursor(statement["db"], prepared=prepared) as cursor:
        cursor.execute(statement["sql"], [value if p == PLACEHOLDER_ID else p for p in statement["params"]])
        row = cursor.fetchone()
    if row is None:
        return None
    if statement["converters"]:
        row = list(row)
        for pos, (converters, expression) in statement["converters"].items():
            for converter in converters:
                row[pos] = converter(row[pos], expression, db)
    start, end = statement["slice"]
    obj = statement["model"].from_db(statement["db"], statement["init_list"], row[start:end])
    for populator in statement["related"]:
        populator.populate(row, obj)
    for name, pos in statement["annotations"].items():
        setattr(obj, name, row[pos])
    return obj


def all_rows(key, build, value: int, *, prepared: bool = False) -> list[tuple]:
    """Every row (as tuples) of the ``values_list()`` query ``build(PLACEHOLDER_ID)`` for ``value``, compiled to
    SQL once per process and ``key``, like ``one_row`` (for the small lists read on every request), and with
    ``prepared`` planned once per connection (``statement_cursor``)."""
    alias_key = (connection.alias, "rows", key)
    statement = _statements.get(alias_key)
    if statement is None:
        queryset = build(PLACEHOLDER_ID)
        sql, params = queryset.query.sql_with_params()
        statement = _statements[alias_key] = (queryset.db, sql, tuple(params))
    db, sql, params = statement
    with statement_cursor(db, prepared=prepared) as cursor:
        cursor.execute(sql, [value if p == PLACEHOLDER_ID else p for p in params])
        return cursor.fetchall()
