"""Many screening results written at once: COPY on PostgreSQL, bulk_create on the other databases."""

import io
import json
import queue
import threading

from django.db import connection

from .models import ScreeningResult

# One result row: the values of these columns, in this order (`rules` as a list of stored rule results).
COLUMNS = ("application_id", "run_id", "is_current", "outcome", "points", "rules", "failing_rules", "review_rules")
BATCH = 2000  # rows per INSERT where there is no COPY (SQLite's limit on the parameters of one statement)


def copy_text(rows: list[tuple]) -> bytes:
    """The rows in COPY's text format: tab-separated, one row a line, backslash the only escape.

    json.dumps writes every control character (tab and newline included) as an escape sequence, so doubling
    its backslashes is all the escaping a row needs; the other columns are numbers and rule names.
    """
    lines = []
    for application_id, run_id, is_current, outcome, points, rules, failing, review in rows:
        stored = json.dumps(rules, ensure_ascii=False, separators=(",", ":")).replace("\\", "\\\\")
        current = "t" if is_current else "f"
        lines.append(f"{application_id}\t{run_id}\t{current}\t{outcome}\t{points}\t{stored}\t{failing}\t{review}\n")
    return "".join(lines).encode()


class ResultWriter:
    """Writes chunks of results for a run, each after making the chunk's current results history.

    On PostgreSQL a thread of its own sends each chunk (an UPDATE, then a COPY) on the run's connection, in the
    run's transaction, while the caller screens the next chunk: the database works on one core while Python
    works on the other. A connection carries one command at a time (a COPY interleaved with a fetch breaks),
    so the caller calls `wait()` before it uses the connection itself. Elsewhere a chunk is written there and
    then.
    """

    def __init__(self):
        self.written = 0
        self.error = None
        self.thread = None

    def __enter__(self):
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            self.pending = queue.Queue(maxsize=1)  # memory stays at a few chunks, whatever the count
            self.thread = threading.Thread(target=self.send, args=(connection.connection,), daemon=True)
            self.thread.start()
        return self

    def write(self, ids: list[int], rows: list[tuple]) -> None:
        if self.thread is None:
            ScreeningResult.objects.filter(application_id__in=ids, is_current=True).update(is_current=False)
            results = [ScreeningResult(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
            ScreeningResult.objects.bulk_create(results, batch_size=BATCH)
            self.written += len(rows)
            return
        self.raise_error()
        self.pending.put((ids, copy_text(rows), len(rows)))

    def wait(self) -> None:
        """Return when every chunk given is written: the connection is the caller's again."""
        if self.thread is not None:
            self.pending.join()
        self.raise_error()

    def send(self, database) -> None:
        quote = connection.ops.quote_name
        table = quote(ScreeningResult._meta.db_table)
        flip = f"UPDATE {table} SET is_current = false WHERE is_current AND application_id = ANY(%s)"  # noqa: S608
        copy = f"COPY {table} ({', '.join(quote(column) for column in COLUMNS)}) FROM STDIN"
        while (item := self.pending.get()) is not None:
            ids, text, count = item
            try:
                if self.error is None:  # after an error, drain what the caller still sends; it raises soon
                    with database.cursor() as cursor:
                        cursor.execute(flip, [ids])
                        cursor.copy_expert(copy, io.BytesIO(text), size=1 << 20)
                    self.written += count
            except Exception as error:  # re-raised in the caller's thread, which rolls the run back
                self.error = error
            finally:
                self.pending.task_done()

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error

    def __exit__(self, exc_type, exc, traceback):
        if self.thread is not None:
            self.pending.put(None)
            self.thread.join()
        self.raise_error()  # the cause, when the caller's error is only the aborted transaction
        return False
