"""Benchmark-only middleware: what a request cost in CPU, told to the client."""

import time


class RequestCPUMiddleware:
    """The CPU time of this request in its thread (waits for the GIL, the database or a free core excluded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.thread_time()
        response = self.get_response(request)
        response["X-Bench-CPU"] = f"{time.thread_time() - started:.6f}"
        return response
