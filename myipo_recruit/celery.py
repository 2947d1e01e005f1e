"""The Celery application: slow work runs in workers when CELERY_BROKER_URL is set, in-process otherwise."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myipo_recruit.settings")

app = Celery("myipo_recruit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def logging_as_django(**kwargs):
    """Workers and beat log like the web processes: JSON lines on stdout (settings.LOGGING), not Celery's format."""
    import logging
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    logging.captureWarnings(True)  # Python warnings (e.g. Celery's) become JSON lines too


@signals.task_prerun.connect
def task_id_in_logs(task_id=None, task=None, **kwargs):
    """Each log line of a task carries its id where a web request carries its request id."""
    from .logs import request_id

    request_id.set(task_id or "-")


@signals.task_postrun.connect
def task_id_out_of_logs(**kwargs):
    from .logs import request_id

    request_id.set("-")
