"""The benchmarks' scratch PostgreSQL databases: created empty and migrated, dropped afterwards."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def static_root() -> str:
    """An empty STATIC_ROOT for the benches: they serve no static files, and WhiteNoise warns
    about a missing folder on every start-up otherwise."""
    path = Path(tempfile.gettempdir()) / "defensetrack-bench-static"
    path.mkdir(exist_ok=True)
    return str(path)


def _admin_sql(database_url: str, *statements: str) -> None:
    """Run statements on the server's `postgres` database, outside a transaction (CREATE
    DATABASE cannot run in one)."""
    import psycopg2

    parsed = urlparse(database_url)
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    admin.close()


def _name(database_url: str) -> str:
    return urlparse(database_url).path.lstrip("/")


def recreate_database(database_url: str, env: dict[str, str]) -> None:
    """Drop the database if it exists, create it and migrate it with `env`'s settings."""
    name = _name(database_url)
    _admin_sql(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_sql(database_url, f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def create_database_if_missing(database_url: str) -> None:
    """For a benchmark that keeps its filled database between runs."""
    import psycopg2

    name = _name(database_url)
    parsed = urlparse(database_url)
    with (
        psycopg2.connect(
            host=parsed.hostname, port=parsed.port or 5432, user=parsed.username, dbname="postgres"
        ) as conn,
        conn.cursor() as cursor,
    ):
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    if not exists:
        _admin_sql(database_url, f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    _admin_sql(database_url, f'DROP DATABASE IF EXISTS "{_name(database_url)}" WITH (FORCE)')


def vacuum_analyze() -> None:
    """What autovacuum would have done by the time anyone reads freshly bulk-loaded tables (it is
    off on this machine's PostgreSQL): statistics for the planner, and the visibility map that
    lets index-only scans skip the table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
