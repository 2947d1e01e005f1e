import functools
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from myipo_recruit.faults import SERVICE_ERRORS
from vacancies.models import Post

from . import services, uploads
from .constants import FieldOfWork
from .downloads import document_response
from .forms import (
    DocumentUploadForm,
    EducationForm,
    ExperienceFormSet,
    LanguageFormSet,
    PersonalForm,
    QualificationFormSet,
    SkillsForm,
    SubmitForm,
    WithdrawForm,
)
from .forms import error_messages as form_messages
from .models import Application, Document, Qualification
from .pdf import slip_render
from .qualifications import MISSING, UNLINKED
from .selectors import snapshot_sections

logger = logging.getLogger(__name__)
MB = 1024 * 1024

SERVER_TROUBLE = gettext_lazy(
    "We could not save this because of a problem on our side. Nothing you saved before is lost; "
    "please try again in a few minutes."
)

STEPS = [
    ("personal", gettext_lazy("Personal particulars")),
    ("education", gettext_lazy("Education")),
    ("experience", gettext_lazy("Experience and skills")),
    ("documents", gettext_lazy("Documents")),
    ("review", gettext_lazy("Review and submit")),
]
STEP_NAMES = [name for name, _label in STEPS]


def verified_required(view):
    """Candidates sign in and verify their e-mail address before they apply."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.email_verified_at:
            request.session["after_verify"] = request.get_full_path()
            messages.info(request, _("Verify your e-mail address first: open the link we sent you."))
            return redirect("accounts:verify_sent")
        return view(request, *args, **kwargs)

    return wrapper


def own_application(request, pk: int) -> Application:
    """The signed-in candidate's application; anyone else's is simply not found."""
    return get_object_or_404(
        Application.objects.select_related("post__advertisement", "post__grade", "post__division"),
        pk=pk,
        candidate=request.user,
    )


@verified_required
def apply(request, post_pk: int):
    post = get_object_or_404(Post.objects.select_related("advertisement"), pk=post_pk)
    try:
        application = services.application_start(candidate=request.user, post=post)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(post)
    if application.is_submitted:
        return redirect(application)
    return redirect("applications:step", pk=application.pk, step=resume_step(application, request.user))


def resume_step(application, user) -> str:
    """Where a draft is taken up again: the first step with something missing, else the review."""
    missing = {
        item.step for item in services.application_missing(profile=services.profile_for(user), post=application.post)
    }
    return next((name for name in STEP_NAMES if name in missing), "review")


def next_step(step: str) -> str:
    return STEP_NAMES[min(STEP_NAMES.index(step) + 1, len(STEP_NAMES) - 1)]


def step_context(application, step, profile, **extra):
    missing = services.application_missing(profile=profile, post=application.post, documents=extra.get("documents"))
    return {
        "application": application,
        "post": application.post,
        "profile": profile,
        "steps": STEPS,
        "step": step,
        "step_label": dict(STEPS)[step],
        "is_open": application.post.advertisement.is_open(),
        "missing": missing,
        "missing_steps": {item.step for item in missing},
        **extra,
    }


def saved_redirect(request, application, step):
    messages.success(request, _("Saved."))
    target = step if "stay" in request.POST else next_step(step)
    return redirect("applications:step", pk=application.pk, step=target)


@verified_required
def step(request, pk: int, step: str):
    application = own_application(request, pk)
    if step not in STEP_NAMES:
        raise Http404
    if application.is_submitted and not (application.is_being_amended and application.post.advertisement.is_open()):
        return redirect(application)
    profile = services.profile_with_answers(request.user)
    handler = {
        "personal": personal_step,
        "education": education_step,
        "experience": experience_step,
        "documents": documents_step,
        "review": review_step,
    }[step]
    return handler(request, application, profile)


def personal_step(request, application, profile):
    form = PersonalForm(request.POST or None, instance=profile, prefix="personal")
    if request.method == "POST" and form.is_valid() and services.profile_personal_save(form=form):
        return saved_redirect(request, application, "personal")
    return render(request, "applications/step_personal.html", step_context(application, "personal", profile, form=form))


def education_step(request, application, profile):
    data = request.POST if request.method == "POST" else None
    form = EducationForm(data, instance=profile, prefix="education")
    formset = QualificationFormSet(data, instance=profile, prefix="qualifications")
    if data is not None and form.is_valid() and formset.is_valid():
        form.save()
        formset.save()
        return saved_redirect(request, application, "education")
    return render(
        request,
        "applications/step_education.html",
        step_context(application, "education", profile, form=form, formset=formset),
    )


def experience_step(request, application, profile):
    data = request.POST if request.method == "POST" else None
    ask_high_skill = bool(application.post.min_experience_years)
    form = SkillsForm(data, instance=profile, prefix="skills", ask_high_skill=ask_high_skill)
    experiences = ExperienceFormSet(data, instance=profile, prefix="experiences")
    languages = LanguageFormSet(data, instance=profile, prefix="languages")
    if data is not None and all([form.is_valid(), experiences.is_valid(), languages.is_valid()]):
        form.save()
        experiences.save()
        languages.save()
        return saved_redirect(request, application, "experience")
    return render(
        request,
        "applications/step_experience.html",
        step_context(
            application,
            "experience",
            profile,
            form=form,
            experiences=experiences,
            languages=languages,
            ask_high_skill=ask_high_skill,
            experience_fields=[FieldOfWork(name).label for name in application.post.experience_fields],
        ),
    )


def upload_status(form) -> int:
    if any(form.has_error(name, code="server_trouble") for name in form.fields):
        return 503
    return 400 if form.errors else 200


def documents_step(request, application, profile):
    posted = request.method == "POST"
    form = DocumentUploadForm(request.POST if posted else None, request.FILES if posted else None, profile=profile)
    skipped = getattr(request, "skipped_uploads", [])  # files cut off while arriving: over the per-file limit
    for field_name, file_name in skipped:
        form.add_error(
            field_name if field_name in form.fields else None,
            ValidationError(
                _("%(name)s: %(error)s")
                % {
                    "name": uploads.safe_display_name(file_name)[-60:],
                    "error": uploads.error_messages["file_too_large"] % {"limit": settings.DOCUMENT_MAX_BYTES // MB},
                },
                code="file_too_large",
            ),
        )
    if request.method == "POST" and not skipped and form.is_valid():
        stored, trouble = 0, False
        for kind, upload, qualification in form.uploads():
            if trouble:  # the storage or the database is failing: do not make the candidate wait for each file
                form.add_error(kind, ValidationError(SERVER_TROUBLE, code="server_trouble"))
                continue
            try:
                services.document_add(owner=request.user, kind=kind, upload=upload, qualification=qualification)
                stored += 1
            except (DatabaseError, *SERVICE_ERRORS):
                logger.exception("Document could not be stored for user %s", request.user.pk)
                form.add_error(kind, ValidationError(SERVER_TROUBLE, code="server_trouble"))
                trouble = True
            except ValidationError as error:
                form.add_error(
                    kind,
                    ValidationError(
                        _("%(name)s: %(error)s") % {"name": upload.name[-60:], "error": " ".join(error.messages)},
                        code=getattr(error, "code", "invalid"),
                    ),
                )
        if not form.errors:
            if stored:
                messages.success(request, _("Documents saved."))
            target = "documents" if "stay" in request.POST else "review"
            url = reverse("applications:step", args=[application.pk, target])
            if request.headers.get("X-Requested-With") == "XMLHttpRequest":  # sent with a progress bar
                return JsonResponse({"location": url})
            return redirect(url)
        if stored:
            messages.success(request, _("The other documents were saved."))
    documents = list(request.user.documents.current().select_related("qualification"))
    reliance = services.reliance_for(profile=profile, post=application.post, documents=documents)
    return render(
        request,
        "applications/step_documents.html",
        step_context(
            application,
            "documents",
            profile,
            form=form,
            documents=documents,
            relied_on=services.relied_qualification(profile, reliance),
            needs_mqa=reliance.mqa_letter in {MISSING, UNLINKED},
            degrees=form.fields["mqa_qualification"].queryset,
        ),
        status=upload_status(form),
    )


def review_step(request, application, profile):
    now = getattr(request, "received_at", None) or timezone.now()  # the closing rule: when the request arrived
    status = 200
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(application=application, now=now)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        except (DatabaseError, *SERVICE_ERRORS):
            logger.exception("Application %s could not be submitted", application.pk)
            messages.error(request, SERVER_TROUBLE)
            status = 503
        else:
            if application.amended_at and application.versions.count() > 1:
                messages.success(request, _("Your amended application has been submitted; its reference is the same."))
            else:
                messages.success(request, _("Your application has been submitted."))
            return redirect(application)
    documents = list(request.user.documents.current().select_related("qualification"))
    snapshot = services.snapshot_build(profile=profile, documents=documents)
    return render(
        request,
        "applications/step_review.html",
        step_context(
            application, "review", profile, form=form, documents=documents, sections=snapshot_sections(snapshot)
        ),
        status=status,
    )


@login_required
def mine(request):
    applications = Application.objects.filter(candidate=request.user).select_related(
        "post__advertisement", "post__grade", "post__division"
    )
    return render(request, "applications/mine.html", {"applications": applications})


@login_required
def detail(request, pk: int):
    application = own_application(request, pk)
    if application.is_draft:
        return redirect("applications:step", pk=application.pk, step=resume_step(application, request.user))
    is_open = application.post.advertisement.is_open()
    can_withdraw = application.status == Application.Status.SUBMITTED and is_open
    can_amend = can_withdraw and not application.is_being_amended
    active = None
    if application.status == Application.Status.WITHDRAWN:
        active = (
            Application.objects.filter(candidate=request.user, post=application.post)
            .exclude(status=Application.Status.WITHDRAWN)
            .first()
        )
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "sections": snapshot_sections(application.snapshot),
            "post": application.post,
            "documents": application.documents.all(),
            "withdraw_form": WithdrawForm() if can_withdraw else None,
            "is_open": is_open,
            "active": active,
            "can_amend": can_amend,
            "versions": application.versions.count(),
        },
    )


@login_required
def slip(request, pk: int):
    application = own_application(request, pk)
    if not application.reference:
        raise Http404
    filename, content_type, content = slip_render(application)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@verified_required
@require_POST
def amend(request, pk: int):
    """Open a submitted application for amendment, or stop amending it ("cancel")."""
    application = own_application(request, pk)
    if "cancel" in request.POST:
        services.application_amend_cancel(application=application)
        messages.info(request, _("Your application stays as you last submitted it."))
        return redirect(application)
    try:
        services.application_amend_start(application=application)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(application)
    return redirect("applications:step", pk=application.pk, step="personal")


@login_required
@require_POST
def withdraw(request, pk: int):
    application = own_application(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm."))
        return redirect(application)
    try:
        services.application_withdraw(application=application)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect(application)


@login_required
def document(request, pk):
    document = get_object_or_404(Document, pk=pk)
    handle = services.document_open(document=document, opened_by=request.user)
    if handle is None:
        raise Http404
    return document_response(document, handle, inline=request.GET.get("inline") == "1")


@verified_required
@require_POST
def document_link(request, pk):
    """Link an MQA letter uploaded earlier to the diploma or degree it recognises."""
    document = get_object_or_404(Document.objects.current(), pk=pk, owner=request.user)
    qualification = Qualification.objects.filter(
        pk=request.POST.get("qualification") or None, profile__user=request.user
    ).first()
    if qualification is None:
        messages.error(request, form_messages["mqa_qualification"])
    else:
        try:
            services.document_link(document=document, qualification=qualification)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Saved."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("applications:mine")


@verified_required
@require_POST
def document_delete(request, pk):
    document = get_object_or_404(Document.objects.current(), pk=pk, owner=request.user)
    services.document_remove(document=document)
    messages.success(request, _("Document removed."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("applications:mine")
