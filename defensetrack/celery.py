"""The Celery app: reads the CELERY_* Django settings and finds tasks in the installed apps."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "defensetrack.settings")

app = Celery("defensetrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
@signals.task_postrun.connect
def close_old_database_connections(sender=None, **_) -> None:
    """Around each task, what Django does around each request: drop a connection that broke or
    outlived CONN_MAX_AGE and keep the others (see CELERY_DB_REUSE_MAX in settings). Eager tasks
    run inside the caller's request or transaction and are left alone."""
    if sender is not None and getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
