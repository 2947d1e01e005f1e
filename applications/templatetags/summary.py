"""Filters for the summary of a BORANG."""

from django import template

register = template.Library()


@register.filter
def with_headers(row, headers) -> list[tuple]:
    """A table row's cells, each with its column's header (for tables shown one block per row on phones)."""
    return list(zip(headers, row, strict=False))
