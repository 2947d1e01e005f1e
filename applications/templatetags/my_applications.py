"""The signed-in candidate's applications to a post, for the pages of the job board (which sits below applying)."""

from django import template

from ..models import Application

register = template.Library()


@register.simple_tag
def my_applications_to(post, user) -> dict:
    """The candidate's application in progress or submitted (`active`) and the withdrawn ones (`withdrawn`)."""
    if not getattr(user, "is_authenticated", False):
        return {"active": None, "withdrawn": []}
    applications = list(Application.objects.filter(candidate=user, post=post).order_by("-created_at"))
    active = next((a for a in applications if a.status != Application.Status.WITHDRAWN), None)
    return {"active": active, "withdrawn": [a for a in applications if a.status == Application.Status.WITHDRAWN]}
