"""Celery tasks: thin, keyed by id, each calling one service. Safe to run twice.

acks_late with reject_on_worker_lost redelivers a task whose worker died; that is fine only
because every service here is idempotent. Hard time limits stay well under Redis's visibility
timeout (settings.CELERY_BROKER_TRANSPORT_OPTIONS), or a running task would be handed out twice.
"""

from defensetrack.celery import app
from defensetrack.tracker.errors import TransientFetchError
from defensetrack.tracker.services.articles import (
    do_process_article,
    do_process_articles,
    do_requeue_stale_articles,
)
from defensetrack.tracker.services.feeds import do_poll_due_feeds, do_poll_feed

_RETRIED = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    # Only network failures are worth another try; anything else is recorded on the row.
    "autoretry_for": (TransientFetchError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


@app.task(**_RETRIED, soft_time_limit=60, time_limit=90)
def process_article_task(article_id: int) -> None:
    do_process_article(article_id=article_id)


@app.task(**_RETRIED, soft_time_limit=60, time_limit=90)
def process_articles_task(article_ids: list[int]) -> None:
    do_process_articles(article_ids=article_ids)


@app.task(**_RETRIED, soft_time_limit=60, time_limit=90)
def poll_feed_task(feed_id: int) -> None:
    do_poll_feed(feed_id=feed_id)


@app.task(acks_late=True, soft_time_limit=30, time_limit=60)
def poll_due_feeds_task() -> int:
    return do_poll_due_feeds()


@app.task(acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_stale_articles_task() -> int:
    return do_requeue_stale_articles()
