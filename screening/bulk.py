"""Screening many applications: read them in chunks and write their results in bulk (COPY on PostgreSQL)."""

import gc
import queue
import threading
from contextlib import contextmanager
from io import BytesIO
from itertools import islice

import orjson
from django.db import connection

from .models import ScreeningResult

# One result row: the values of these columns, in this order (`rules` as a list of stored rule results).
COLUMNS = ("application_id", "run_id", "is_current", "outcome", "points", "rules", "failing_rules", "review_rules")
BATCH = 2000  # rows per INSERT where there is no COPY (SQLite's limit on the parameters of one statement)
FAILED = object()  # in place of a chunk: the database thread failed


def copy_text(rows: list[tuple]) -> bytes:
    """The rows in COPY's text format: tab-separated, one row a line, backslash the only escape.

    JSON writes every control character (tab and newline included) as an escape sequence, so doubling its
    backslashes is all the escaping a row needs; the other columns are numbers and rule names.
    """
    lines = []
    for application_id, run_id, is_current, outcome, points, rules, failing, review in rows:
        stored = orjson.dumps(rules).replace(b"\\", b"\\\\")
        current = b"t" if is_current else b"f"
        lines.append(
            b"%d\t%d\t%s\t%s\t%d\t%s\t%s\t%s\n"
            % (application_id, run_id, current, outcome.encode(), points, stored, failing.encode(), review.encode())
        )
    return b"".join(lines)


@contextmanager
def collection_paused():
    """Python's cycle collector off while many applications are screened: it walked every object of the process
    again and again (about a third of the screening's time), and screening makes no reference cycles: each
    application's objects are freed as soon as its row is written."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ResultPipeline:
    """Gives the rows of `queryset` in chunks and writes each chunk's results, after making the current results
    of the chunk's applications history, all in the caller's transaction.

    On PostgreSQL a thread of its own does the database's part on the caller's connection: it fetches the next
    chunk and writes the results of the previous one (an UPDATE, then a COPY) while the caller screens, so that
    the database works on one core while Python works on the other. psycopg2 connections may be shared between
    threads, but carry one command at a time: the caller leaves the connection alone until the pipeline ends.
    Elsewhere the chunks are read and written in the caller's thread.
    """

    def __init__(self, queryset, size: int):
        self.queryset, self.size = queryset, size
        self.written = 0
        self.error = None
        self.thread = None

    def __enter__(self):
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            # A chunk is fetched ahead only when the results of the one before are back: a few chunks in memory.
            self.chunks_out, self.results_in = queue.Queue(), queue.Queue()
            self.thread = threading.Thread(target=self.database_work, args=(connection.connection,), daemon=True)
            self.thread.start()
        return self

    def chunks(self):
        """The rows, a chunk at a time."""
        if self.thread is None:
            stream = self.queryset.iterator(chunk_size=self.size)
            while chunk := list(islice(stream, self.size)):
                yield chunk
            return
        while (chunk := self.chunks_out.get()) is not FAILED and chunk:
            yield chunk
        self.raise_error()

    def write(self, ids: list[int], rows: list[tuple]) -> None:
        """Write the results of the chunk just given (`ids`: its applications)."""
        if self.thread is not None:
            self.results_in.put((ids, copy_text(rows), len(rows)))
            return
        ScreeningResult.objects.filter(application_id__in=ids, is_current=True).update(is_current=False)
        results = [ScreeningResult(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
        ScreeningResult.objects.bulk_create(results, batch_size=BATCH)
        self.written += len(rows)

    def database_work(self, database) -> None:
        quote = connection.ops.quote_name
        table = quote(ScreeningResult._meta.db_table)
        flip = f"UPDATE {table} SET is_current = false WHERE is_current AND application_id = ANY(%s)"  # noqa: S608
        copy = f"COPY {table} ({', '.join(quote(column) for column in COLUMNS)}) FROM STDIN"
        sql, params = self.queryset.query.sql_with_params()
        try:
            with database.cursor(name="screening_chunks") as rows, database.cursor() as cursor:
                rows.itersize = self.size
                rows.execute(sql, params)
                chunk = rows.fetchmany(self.size)
                self.chunks_out.put(chunk)
                while chunk:
                    chunk = rows.fetchmany(self.size)
                    self.chunks_out.put(chunk)  # [] at the end
                    if (results := self.results_in.get()) is None:
                        return  # the caller stopped
                    ids, text, count = results
                    cursor.execute(flip, [ids])
                    cursor.copy_expert(copy, BytesIO(text), size=1 << 20)
                    self.written += count
        except Exception as error:  # raised again in the caller's thread, which rolls the run back
            self.error = error
            self.chunks_out.put(FAILED)

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error

    def __exit__(self, exc_type, exc, traceback):
        if self.thread is not None:
            self.results_in.put(None)  # wakes the thread if the caller stopped early
            self.thread.join()
        self.raise_error()  # the cause, when the caller's error is only the aborted transaction
        return False
