"""Every ModelAdmin of HR's back office; the domain apps register none."""

from . import applications, audit_trail, interviews, marks, offers, outbox, screening, staff, vacancies  # noqa: F401
