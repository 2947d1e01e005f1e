"""The progress of a screening run, written as the run goes so that HR sees it advance in the admin."""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections

from .models import ScreeningRun

logger = logging.getLogger(__name__)


class RunProgress:
    """Writes "done of total" on the run from a connection of its own, outside the run's transaction.

    The run writes its results in one transaction, so that a run failing half-way leaves the previous results
    current, all of them, and no new one; that transaction is seen by no one until it commits, hence the second
    connection. Its update skips a run row locked by another transaction (`SKIP LOCKED`) rather than wait: the
    progress is a courtesy, never a reason to stall a run. Without PostgreSQL (SQLite, a local database) the
    progress is only written when the run ends.
    """

    def __init__(self, run: ScreeningRun | None, total: int):
        self.run_id, self.total = run and run.pk, total
        self.connection = None

    def __enter__(self):
        if connection.vendor == "postgresql" and self.run_id is not None:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
            self.advance(0)
        return self

    def advance(self, done: int) -> None:
        if self.connection is None:
            return
        table = connection.ops.quote_name(ScreeningRun._meta.db_table)  # the model's own name, not input
        try:
            with self.connection.cursor() as cursor:
                # FOR NO KEY UPDATE does not wait for the key-share lock the run's own inserts hold on the row.
                cursor.execute(self.sql(table), [done, self.total, self.run_id])
        except DatabaseError:
            logger.warning("Progress of screening run %s not written", self.run_id, exc_info=True)

    @staticmethod
    def sql(table: str) -> str:
        locked = f"SELECT id FROM {table} WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED"  # noqa: S608
        return f"UPDATE {table} SET progress_done = %s, progress_total = %s WHERE id = ({locked})"  # noqa: S608

    def __exit__(self, *exc):
        if self.connection is not None:
            self.connection.close()
        return False
