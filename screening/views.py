from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from applications.models import Application
from vacancies.models import Post

from .eligibility import checked_on_applying, eligibility_check, facts_from_answers
from .forms import EligibilityForm
from .pdf import application_render


@never_cache
def eligibility(request):
    """Semak kelayakan: answer a few questions, see for every open post what the rules say; nothing is stored."""
    form = EligibilityForm(request.POST or None)
    verdicts = None
    if request.method == "POST" and form.is_valid():
        verdicts = eligibility_check(
            facts=facts_from_answers(answers=form.cleaned_data), posts=Post.objects.open().for_board()
        )
    return render(
        request,
        "screening/eligibility.html",
        {"form": form, "verdicts": verdicts, "checked_on_applying": checked_on_applying()},
    )


@login_required
def application_pdf(request, pk: int):
    """The candidate's own application as submitted: the same BORANG PDF HR prints, for the candidate's records."""
    application = get_object_or_404(
        Application.objects.submitted().select_related("post__advertisement", "post__grade", "post__division"),
        pk=pk,
        candidate=request.user,
    )
    filename, content_type, content = application_render(application, generated_by=request.user)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
