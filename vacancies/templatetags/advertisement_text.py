"""Render advertisement text: *italic* terms and web addresses, everything else escaped."""

import re

from django import template
from django.utils.html import urlize
from django.utils.safestring import mark_safe

register = template.Library()

ITALIC = re.compile(r"\*([^*\n]+)\*")


@register.filter
def advertisement_text(text: str) -> str:
    return mark_safe(ITALIC.sub(r"<em>\1</em>", urlize(text, autoescape=True)))


@register.filter
def ringgit(amount) -> str:
    """RM2,688.00, as salaries are written in Malaysia."""
    return f"RM{amount:,.2f}"
