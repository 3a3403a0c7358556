"""The benchmarks' throw-away database: SQLite in the work folder, or, when DATABASE_URL names a
PostgreSQL server, a database of its own on that server, created here and dropped at the end.

Import before django.setup(); no Django is needed here, only psycopg for PostgreSQL.
"""

import os
from urllib.parse import urlsplit, urlunsplit


def throwaway_database(work):
    """(DATABASE_URL for the bench, a function that drops what it made, a label for the table)."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://", "pgsql://")):
        return f"sqlite:///{work / 'bench.sqlite3'}", lambda: None, "SQLite"
    import psycopg

    parts = urlsplit(given)
    # One name per run: two benchmarks on one server never share or drop each other's database.
    name = f"unlops_bench_{os.getpid()}"
    admin_dsn = given.replace(parts.scheme + "://", "postgresql://", 1)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0].split()[0]
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    return url, drop, f"PostgreSQL {version} at {parts.hostname}:{parts.port or 5432} ({name})"
