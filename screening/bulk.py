"""Many screening results written at once: COPY on PostgreSQL, bulk_create on the other databases."""

import io
import json

from django.db import connection

from .models import ScreeningResult

# One row of results_insert: the values of these columns, in this order (`rules` as a list of stored results).
COLUMNS = ("application_id", "run_id", "is_current", "outcome", "points", "rules", "failing_rules", "review_rules")
BATCH = 2000  # rows per INSERT where there is no COPY (SQLite's limit on the parameters of one statement)


def results_insert(rows: list[tuple]) -> None:
    """Insert the rows as ScreeningResults in one statement (COPY) on PostgreSQL, in batches elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        results = [ScreeningResult(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
        ScreeningResult.objects.bulk_create(results, batch_size=BATCH)
        return
    # COPY's text format: tab-separated, one row a line, backslash the only escape. json.dumps writes every
    # control character (tab and newline included) as an escape sequence, so doubling its backslashes is all
    # the escaping a row needs; the other columns are numbers and rule names.
    lines = io.StringIO()
    for application_id, run_id, is_current, outcome, points, rules, failing, review in rows:
        stored = json.dumps(rules, ensure_ascii=False, separators=(",", ":")).replace("\\", "\\\\")
        lines.write(
            f"{application_id}\t{run_id}\t{'t' if is_current else 'f'}\t{outcome}\t{points}\t{stored}\t{failing}\t"
            f"{review}\n"
        )
    lines.seek(0)
    quote = connection.ops.quote_name
    sql = f"COPY {quote(ScreeningResult._meta.db_table)} ({', '.join(quote(c) for c in COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor:
        cursor.copy_expert(sql, lines, size=1 << 20)
