from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.forms import PersonalForm
from applications.services import profile_for, profile_personal_save

from . import services
from .forms import CloseAccountForm


@login_required
def account(request):
    return render(
        request,
        "privacy/account.html",
        {
            "kept": services.applications_kept_on_closing(request.user, timezone.localdate()),
            "close_form": CloseAccountForm(),
            "applications": request.user.applications.select_related("post"),
        },
    )


@login_required
def profile(request):
    """Correct one's particulars for future applications; submitted ones stay as they were sent."""
    form = PersonalForm(request.POST or None, instance=profile_for(request.user), prefix="personal")
    if request.method == "POST" and form.is_valid() and profile_personal_save(form=form):
        messages.success(request, _("Your particulars are saved. Applications already submitted are not changed."))
        return redirect("privacy:account")
    return render(request, "privacy/profile.html", {"form": form})


@login_required
@require_POST
def export(request):
    filename, content = services.candidate_data_export(user=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def close(request):
    form = CloseAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm."))
        return redirect("privacy:account")
    kept = services.account_close(user=request.user)
    logout(request)
    return render(request, "privacy/closed.html", {"kept": kept})
