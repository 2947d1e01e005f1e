from django.shortcuts import render
from django.views.decorators.cache import never_cache

from vacancies.models import Post

from .eligibility import checked_on_applying, eligibility_check, facts_from_answers
from .forms import EligibilityForm


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
