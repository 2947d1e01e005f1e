"""Handing work to Celery workers without letting a broker failure undo, or fail, a committed act."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def task_dispatch(task, *args) -> bool:
    """Queue the task (without a broker: run it here). A broker that is down, frozen or refusing work costs a few
    seconds at most (CELERY_BROKER_TIMEOUT), is logged, and is not raised: what was committed stays done, and the
    periodic sweeps pick up the work that the database says is still to do.
    """
    try:
        task.delay(*args)
    except Exception as error:
        logger.warning("Task %s not queued (%s: %s); a sweep will do it", task.name, type(error).__name__, error)
        return False
    return True


def dispatch_after_commit(task, *args) -> None:
    transaction.on_commit(lambda: task_dispatch(task, *args))
