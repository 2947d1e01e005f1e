"""The page between an admin action and its effect, shared by every action that asks for a reason first."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse


def action_confirmation(
    model_admin, request, *, template: str, title, form, selected, action: str, submit_label, **context
) -> TemplateResponse:
    """Render `template` (extending admin/backoffice/action_confirm.html) for the rows `selected`.

    The form posts back to the same change list with the same action and rows, and `apply` set.
    """
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "selected": selected,
            "action": action,
            "submit_label": submit_label,
            "cancel_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "opts": opts,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )
