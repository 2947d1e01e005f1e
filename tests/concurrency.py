"""Real concurrency in tests: threads released together, each on its own database connection (PostgreSQL)."""

import threading

from django.db import connections


def at_once(count: int, work) -> list:
    """Run `work(n)` in `count` threads released together, each on its own database connection."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(number):
        try:
            barrier.wait()
            results[number] = work(number)
        except Exception as error:
            results[number] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
