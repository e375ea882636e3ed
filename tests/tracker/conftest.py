"""Fixtures for the ingestion tests: our own test articles, a helper that runs the pipeline the way
production does (create, commit, task), and a real Celery worker process on Redis + PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from defensetrack.celery import app
from defensetrack.tracker.models import Article
from defensetrack.tracker.services.articles import create_article

# Two outlets' reports of one meeting and one pledge; our own sentences.
REPORT_A = """date 2025-03-06 Norway and Ukraine talk air defence in Oslo
Oslo • Harbour Post
Norwegian Defence Minister Tore Onshus Sandvik met Ukrainian Defence Minister Rustem Umerov in Oslo on Tuesday to discuss air defence and ammunition.
Sandvik said Norway would provide NOK 2.5 billion to Ukraine for air defence systems this year.
The two ministers also talked about training for Ukrainian pilots."""

REPORT_B = """date 2025-03-06 Umerov in Oslo for air defence talks
Oslo • Morning Wire
Ukraine's Defence Minister Rustem Umerov held talks with his Norwegian counterpart Tore Onshus Sandvik in Oslo on Tuesday, focusing on air defence.
Norway pledged NOK 2.5 billion to Ukraine for air defence, Sandvik told reporters after the meeting."""

# A different event: other sides, another month.
REPORT_C = """date 2025-05-20 Paris and Warsaw agree on closer defence ties
Paris • Harbour Post
French President Emmanuel Macron met Polish Prime Minister Donald Tusk in Paris on Monday to discuss defence industry cooperation.
The two leaders said they would sign a treaty on mutual assistance later this year."""


def seed_text(title: str, body: str, *, day: date = date(2025, 3, 6), outlet: str = "") -> str:
    """An article in the seed text format the ingest command reads."""
    dateline = f"\nOslo • {outlet}" if outlet else ""
    return f"date {day.isoformat()} {title}{dateline}\n{body}"


@pytest.fixture
def make_article(db, django_capture_on_commit_callbacks):
    """create_article as production calls it: the task runs once the row is committed."""

    def make(**fields) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            article, _ = create_article(**fields)
        article.refresh_from_db()
        return article

    return make


@pytest.fixture
def fast_fetch(settings):
    settings.FETCH_TIMEOUT_SECONDS = 1
    settings.FETCH_MAX_REDIRECTS = 3


# A real worker ----------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _wait_until_ready(process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The Celery worker exited early:\n{log.read_text()[-3000:]}")
        if "ready." in log.read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"The Celery worker did not start:\n{log.read_text()[-3000:]}")


def _reset_connections() -> None:
    """Forget pooled broker connections, so the next publish uses the broker now configured.

    Not closed: kombu keeps producer pools in a registry keyed by broker URL, and the next worker
    test would be handed the closed one.
    """
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_worker(postgres, transactional_db, django_db_serialized_rollback, redis_url, tmp_path):
    """A `celery worker` subprocess on the test database and Redis; this process publishes to it.

    Yields the worker's log file. The test's own app.conf is restored afterwards, and the
    countries the migration loaded come back after the flush (serialized rollback).
    """
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": redis_url,
        "DEFENSETRACK_ALLOW_INSECURE_KEY": "1",
        "FETCH_TIMEOUT_SECONDS": "2",
        "FETCH_MAX_REDIRECTS": "3",
    }
    command = [sys.executable, "-m", "celery", "-A", "defensetrack.celery", "worker"]
    command += ["--concurrency=2", "--loglevel=INFO", "--without-mingle", "--without-gossip"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    _reset_connections()
    try:
        _wait_until_ready(process, log)
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        app.conf.update(saved)
        _reset_connections()


def wait_for(predicate, *, timeout: float = 30, what: str = "the condition"):
    """Poll until predicate() is truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {what}.")
