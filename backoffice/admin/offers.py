"""HR's pages after the ranking: the selection paper, the meeting's decision, offers, the reserve list and closing
a post. Reached from the list of offers (on the admin's index); each page calls one service of interviews."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from interviews import services
from interviews.models import Offer, Selection, SelectionEntry
from interviews.selectors import offers_entries, selections_to_refill
from myipo_recruit.dates import local_datetime_short

from ..readonly import ReadOnlyAdminMixin


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Selection.Decision.APPROVED, _("Approved as proposed")),
            (Selection.Decision.CHANGED, _("Approved with changes")),
        ],
        widget=forms.RadioSelect,
    )
    meeting = forms.CharField(label=_("Management meeting"), max_length=200)
    meeting_on = forms.DateField(
        label=_("Meeting date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Reason for the changes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the meeting changed the proposal."),
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            self.fields[f"final_{entry.pk}"] = forms.ChoiceField(
                label=_("Decision"), choices=SelectionEntry.Category.choices, initial=entry.proposed
            )
            self.fields[f"place_{entry.pk}"] = forms.IntegerField(
                label=_("Place on the reserve list"),
                required=False,
                min_value=1,
                max_value=500,
                initial=entry.reserve_position,
            )

    def rows(self):
        return [(entry, self[f"final_{entry.pk}"], self[f"place_{entry.pk}"]) for entry in self.entries]

    def changes(self) -> dict:
        changes = {}
        for entry in self.entries:
            final = self.cleaned_data[f"final_{entry.pk}"]
            place = self.cleaned_data[f"place_{entry.pk}"] if final == SelectionEntry.Category.RESERVE else None
            if (final, place) != (entry.proposed, entry.reserve_position):
                changes[entry.pk] = (final, place)
        return changes


class OfferForm(forms.Form):
    salary = forms.DecimalField(label=_("Monthly salary offered (RM)"), max_digits=9, decimal_places=2, min_value=0)
    contract_months = forms.IntegerField(label=_("Contract period (months)"), min_value=1, max_value=120, initial=24)
    report_at = forms.DateTimeField(
        label=_("Reporting date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    report_place = forms.CharField(label=_("Reporting place"), max_length=300)
    respond_by = forms.DateTimeField(
        label=_("The candidate answers by"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def error_text(error) -> str:
    return error.messages[0]


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "candidate", "post", "salary", "status", "sent_when", "respond_by", "responded_at"]
    list_filter = ["status", "selection_entry__selection__post__advertisement"]
    list_select_related = [
        "selection_entry__slot__entry__application",
        "selection_entry__selection__post__advertisement",
    ]
    search_fields = ["reference", "selection_entry__slot__entry__application__reference"]
    change_list_template = "admin/interviews/offer_change_list.html"

    @admin.display(description=_("candidate"))
    def candidate(self, obj):
        application = obj.selection_entry.slot.entry.application
        return f"{application.full_name} ({application.reference})"

    @admin.display(description=_("post"))
    def post(self, obj):
        return obj.selection_entry.selection.post

    @admin.display(description=_("sent at"), ordering="sent_at")
    def sent_when(self, obj):
        return local_datetime_short(obj.sent_at)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("selection/<int:pk>/paper.pdf", view(self.paper_view), name="interviews_selection_paper"),
            path("selection/<int:pk>/decision/", view(self.decision_view), name="interviews_selection_decision"),
            path("selection/<int:pk>/offers/", view(self.offers_view), name="interviews_selection_offers"),
            path("selection/<int:pk>/close/", view(self.close_view), name="interviews_selection_close"),
            path("entry/<int:pk>/send/", view(self.send_view), name="interviews_offer_send"),
            path("refill/", view(self.refill_view), name="interviews_offer_refill"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        """Above the offers: every post with a ranking, and the way to each step of it."""
        selections = (
            Selection.objects.select_related("post__advertisement")
            .annotate(
                ranked=Count("entries", distinct=True),
                sent=Count("entries__offers", filter=Q(entries__offers__status=Offer.Status.SENT), distinct=True),
                accepted=Count(
                    "entries__offers", filter=Q(entries__offers__status=Offer.Status.ACCEPTED), distinct=True
                ),
            )
            .order_by("-post__advertisement__closes_on", "post__number")[:50]
        )
        return super().changelist_view(
            request, {"selections": selections, "refills": len(selections_to_refill()), **(extra_context or {})}
        )

    def page(self, request, template, title, **context):
        return TemplateResponse(
            request,
            f"admin/interviews/{template}",
            {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta, **context},
        )

    def need(self, request, permission: str):
        if not request.user.has_perm(f"interviews.{permission}"):
            raise PermissionDenied

    def paper_view(self, request, pk):
        self.need(request, "view_selection")
        selection = get_object_or_404(Selection, pk=pk)
        filename, content_type, content = services.selection_paper_pdf(selection=selection, generated_by=request.user)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def decision_view(self, request, pk):
        self.need(request, "change_selection")
        selection = get_object_or_404(Selection.objects.select_related("post"), pk=pk)
        entries = list(selection.entries.select_related("slot__entry__application").order_by("rank"))
        form = DecisionForm(
            request.POST or None,
            entries=entries,
            initial={"decision": Selection.Decision.APPROVED, "meeting_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            decision = form.cleaned_data["decision"]
            try:
                services.selection_decide(
                    selection=selection,
                    decision=decision,
                    meeting=form.cleaned_data["meeting"],
                    meeting_on=form.cleaned_data["meeting_on"],
                    decided_by=request.user,
                    changes=form.changes() if decision == Selection.Decision.CHANGED else {},
                    reason=form.cleaned_data["reason"],
                )
            except services.SelectionError as error:
                form.add_error(None, error_text(error))  # the page stays, with what HR typed
            else:
                self.message_user(request, _("The meeting's decision was recorded."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:interviews_selection_offers", args=[selection.pk]))
        return self.page(
            request,
            "decision.html",
            _("The meeting's decision: %(post)s") % {"post": selection.post},
            selection=selection,
            form=form,
        )

    def offers_view(self, request, pk):
        self.need(request, "view_offer")
        selection = get_object_or_404(Selection.objects.select_related("post__grade"), pk=pk)
        return self.page(
            request,
            "offers.html",
            _("Offers: %(post)s") % {"post": selection.post},
            selection=selection,
            entries=offers_entries(selection),
        )

    def send_view(self, request, pk):
        self.need(request, "add_offer")
        entry = get_object_or_404(
            SelectionEntry.objects.select_related("selection__post__grade", "slot__entry__application"), pk=pk
        )
        now = timezone.localtime()
        form = OfferForm(
            request.POST or None,
            initial={
                "salary": entry.selection.post.grade.salary_min,
                "respond_by": (now + dt.timedelta(days=14)).replace(hour=17, minute=0, second=0, microsecond=0),
                "report_at": (now + dt.timedelta(days=30)).replace(hour=8, minute=30, second=0, microsecond=0),
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                offer = services.offer_send(
                    entry=entry,
                    sent_by=request.user,
                    base_url=request.build_absolute_uri("/").rstrip("/"),
                    **form.cleaned_data,
                )
            except services.SelectionError as error:
                form.add_error(None, error_text(error))
            else:
                self.message_user(
                    request,
                    _("Offer %(reference)s sent: the letter is e-mailed to the candidate.")
                    % {"reference": offer.reference},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:interviews_selection_offers", args=[entry.selection_id]))
        return self.page(
            request,
            "send.html",
            _("Send an offer: %(name)s") % {"name": entry.slot.entry.application.full_name},
            entry=entry,
            grade=entry.selection.post.grade,
            form=form,
        )

    def refill_view(self, request):
        self.need(request, "change_selectionentry")
        if request.method == "POST":
            pk = request.POST.get("selection", "")
            selection = get_object_or_404(Selection, pk=int(pk) if pk.isascii() and pk.isdigit() else None)
            try:
                entry = services.reserve_promote(selection=selection, promoted_by=request.user)
            except services.SelectionError as error:
                self.message_user(request, f"{selection.post}: {error_text(error)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("%(name)s is now selected.") % {"name": entry.slot.entry.application.full_name},
                        reverse("admin:interviews_offer_send", args=[entry.pk]),
                        _("Send the offer"),
                    ),
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(reverse("admin:interviews_offer_refill"))
        return self.page(
            request, "refill.html", _("Vacancies to offer to the reserve list"), refills=selections_to_refill()
        )

    def close_view(self, request, pk):
        self.need(request, "change_selection")
        selection = get_object_or_404(Selection.objects.select_related("post"), pk=pk)
        if request.method == "POST":
            try:
                services.post_close(selection=selection, closed_by=request.user)
            except services.SelectionError as error:
                self.message_user(request, error_text(error), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:interviews_selection_close", args=[pk]))
            self.message_user(
                request,
                _("%(post)s closed: the candidates not appointed now see “not successful” in their account.")
                % {"post": selection.post},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:interviews_offer_changelist"))
        waiting = Offer.objects.filter(selection_entry__selection=selection, status=Offer.Status.SENT).count()
        return self.page(
            request,
            "close.html",
            _("Close the post: %(post)s") % {"post": selection.post},
            selection=selection,
            waiting=waiting,
        )
