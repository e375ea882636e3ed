"""Ingestion throughput: 10,000 distinct articles through two Celery worker processes.

Run: .venv/bin/python bench/bench_ingest.py [--articles 10000] [--workers 2] [--keep]
Needs PostgreSQL (BENCH_DATABASE_URL, default a scratch database `defensetrack_bench` that is
dropped and re-created) and Redis (BENCH_REDIS_URL, default db 14, flushed).

The 80 dev-corpus articles are replicated to N distinct ones. Copy k carries a varied token
("dispatch k") in its title and first line, so the content hashes differ; its publication date is
moved k * 7 days later, so the near-duplicate check (which compares only articles published within
3 days) does not fold the copies into their originals, and the extractor dates relative
mentions from the new date. Every copy therefore runs the full path: parse, hash, MinHash,
claim, extract, resolve, lock, match or create records, evidence.

Phases: (1) accept: the copies are written to a folder and ingested as `manage.py ingest FOLDER`
does (services/ingest.py: one task per batch of settings.INGEST_BATCH_SIZE files; the workers are
not running yet); (2) process: start the workers and time until every row is done or failed;
(3) in process, without Celery: a further 100 copies processed in batches, and 20 one at a time
(an article posted alone to the API), counting SQL queries and timing them.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import scratch  # bench/scratch.py: this folder is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "articles"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/defensetrack_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
QUERY_SAMPLE = 100
ALONE_SAMPLE = 20
BATCH = 50  # settings.INGEST_BATCH_SIZE's default


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "DEFENSETRACK_ALLOW_INSECURE_KEY": "1",
        "LOG_LEVEL": "WARNING",
    }


def _recreate_database() -> None:
    scratch.recreate_database(DATABASE_URL, _env())


def _copies(count: int, *, start: int = 0) -> list[str]:
    """`count` distinct articles made from the corpus (see the module docstring)."""
    originals = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    texts = []
    for n in range(start, start + count):
        k, i = divmod(n, len(originals))
        header, _, body = originals[i].partition("\n")
        found = re.match(r"date (\d{4}-\d{2}-\d{2}) ", header)
        if found:
            shifted = date.fromisoformat(found.group(1)) + timedelta(days=7 * k)
            header = f"date {shifted.isoformat()} {header[found.end() :]}"
        texts.append(f"{header} (dispatch {k})\n{body}\nFiled as dispatch {k} of the bench run.")
    return texts


def _accept(texts: list[str]) -> tuple[float, int]:
    """Write the copies to files, then time ingesting the folder (reading included)."""
    from defensetrack.tracker.services.ingest import do_ingest, list_inputs

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
        for n, text in enumerate(texts):
            Path(folder, f"copy-{n:06d}.txt").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        summary = do_ingest(list_inputs([folder]))
        return time.perf_counter() - started, summary.new


def _start_workers(count: int, log_dir: Path) -> list[subprocess.Popen]:
    workers = []
    for n in range(count):
        log = (log_dir / f"bench-worker-{n}.log").open("w")
        command = [sys.executable, "-m", "celery", "-A", "defensetrack.celery", "worker"]
        command += [f"-n bench{n}@%h".replace(" ", ""), "--concurrency=1", "--loglevel=WARNING"]
        command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
        workers.append(
            subprocess.Popen(command, cwd=ROOT, env=_env(), stdout=log, stderr=subprocess.STDOUT)
        )
    return workers


def _wait_until_finished(total: int, timeout: float) -> float:
    from django.db import connection

    from defensetrack.tracker.models import Article

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        left = Article.objects.exclude(status__in=["done", "failed"]).count()
        connection.close()
        if left == 0:
            return time.perf_counter() - started
        time.sleep(0.5)
    raise SystemExit(f"Not finished after {timeout:.0f} s; see the worker logs.")


def _steady_seconds() -> float:
    """From the first claim to the last finished row: processing time without worker start-up."""
    from django.db.models import Max, Min

    from defensetrack.tracker.models import Article

    span = Article.objects.aggregate(first=Min("claimed_at"), last=Max("processed_at"))
    return (span["last"] - span["first"]).total_seconds()


def _in_process(texts: list[str], *, batch: int) -> tuple[list[int], list[float]]:
    """SQL queries and milliseconds per article, processed here without Celery or a second
    worker, `batch` articles at a time: what an article costs by itself, next to the
    throughput the workers reached."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from defensetrack.tracker.services.articles import create_article, do_process_articles

    counts, millis = [], []
    for first in range(0, len(texts), batch):
        chunk = texts[first : first + batch]
        ids = [create_article(text=t, source="file", queue=False)[0].pk for t in chunk]
        reset_queries()  # the log is capped; each batch is counted on its own
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            do_process_articles(article_ids=ids)
            elapsed = (time.perf_counter() - started) * 1000
        counts += [len(queries) / len(ids)] * len(ids)
        millis += [elapsed / len(ids)] * len(ids)
    return counts, millis


def _stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"The dev corpus is not at {CORPUS}; skipping.", file=sys.stderr)
        return 1

    os.environ.update(_env())
    _recreate_database()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "defensetrack.settings")
    import django

    django.setup()
    from defensetrack.tracker.models import Article, Evidence, Meeting, Person, Pledge

    load_before = os.getloadavg()[0]
    texts = _copies(args.articles)
    accept_seconds, created = _accept(texts)
    log_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    workers = _start_workers(args.workers, log_dir)
    try:
        wall = _wait_until_finished(created, args.timeout)
    finally:
        _stop(workers)
    load_after = os.getloadavg()[0]
    steady = _steady_seconds()
    statuses = {s: Article.objects.filter(status=s).count() for s in ("done", "failed", "queued")}
    near_dups = Article.objects.filter(duplicate_of__isnull=False).count()
    records = (Meeting.objects.count(), Pledge.objects.count(), Person.objects.count())
    evidence = Evidence.objects.count()
    batches = _in_process(_copies(QUERY_SAMPLE, start=args.articles), batch=BATCH)
    alone = _in_process(_copies(ALONE_SAMPLE, start=args.articles + QUERY_SAMPLE), batch=1)
    redis.Redis.from_url(REDIS_URL).flushdb()

    print(f"{created} articles, {args.workers} worker processes (concurrency 1 each), ")
    print(f"PostgreSQL {urlparse(DATABASE_URL).hostname}, Redis broker; corpus {CORPUS}\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| accept (ingest a folder, 1 process) | {created / accept_seconds:.0f} articles/s |")
    print(f"| process, wall time incl. worker start | {wall:.1f} s |")
    print(f"| process throughput (wall) | {created / wall:.0f} articles/s |")
    print(
        f"| process throughput (first claim to last finish) | {created / steady:.0f} articles/s |"
    )
    print(
        f"| done / failed / left queued | {statuses['done']} / {statuses['failed']} / "
        f"{statuses['queued']} |"
    )
    print(f"| linked as near-duplicates | {near_dups} |")
    print(
        f"| meetings / pledges / officials / evidence | {records[0]} / {records[1]} / "
        f"{records[2]} / {evidence} |"
    )
    for label, (queries, millis) in (
        (f"in batches of {BATCH}", batches),
        ("one at a time", alone),
    ):
        print(
            f"| in this process, {label}: SQL queries / ms per article (median) | "
            f"{statistics.median(queries):.1f} / {statistics.median(millis):.1f} |"
        )
    print(
        f"| machine load average (1 min) before / after | {load_before:.1f} / {load_after:.1f} "
        f"on {os.cpu_count()} cores |"
    )
    if not args.keep:
        from django.db import connection

        connection.close()
        scratch.drop_database(DATABASE_URL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
