"""Every ModelAdmin of HR's back office; the domain apps register none."""

from . import applications, audit_trail, interviews, outbox, screening, staff, vacancies  # noqa: F401
