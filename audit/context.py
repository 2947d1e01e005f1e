"""Where a request came from, for the services that write the audit trail without seeing the request."""

from contextvars import ContextVar

client_address: ContextVar[str | None] = ContextVar("audit_client_address", default=None)


class AuditContextMiddleware:
    """Make the client's address (after the trusted-proxy rewrite) known to the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_address.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
