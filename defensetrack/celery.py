"""The Celery app: reads the CELERY_* Django settings and finds tasks in the installed apps."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "defensetrack.settings")

app = Celery("defensetrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
