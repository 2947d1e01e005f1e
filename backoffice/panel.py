"""The interview panel's pages, and HR's pages for a session's attendance and marks, under /admin/.

A panel member (an Interviewer, or an HR officer sitting on a panel) sees only the sessions they sit on:
any other candidate is not found (404). Every page a member opens is recorded by the services.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from applications.downloads import document_response
from applications.models import Document
from applications.selectors import snapshot_sections
from interviews import panel, services
from interviews.marks import COMMENT_MAX_LENGTH
from interviews.models import MarkChange, MarkSheet, PanelMember, Session, Slot


class SheetForm(forms.Form):
    """A mark per criterion and a comment; the service checks the values and says what is wrong."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"mark_{criterion.pk}"] = forms.CharField(
                label=criterion.name_ms,
                required=False,
                help_text=" · ".join(
                    filter(
                        None,
                        [
                            criterion.name_en,
                            str(_("weight %(weight)s %% · 0 to %(max)s"))
                            % {"weight": criterion.weight, "max": criterion.max_mark},
                        ],
                    )
                ),
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": criterion.max_mark, "step": 1, "inputmode": "numeric"}
                ),
            )

    def values(self) -> dict:
        return {c.pk: (self.cleaned_data.get(f"mark_{c.pk}") or "").strip() for c in self.criteria}

    def show(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


def sheet_initial(sheet: MarkSheet | None) -> dict:
    if sheet is None:
        return {}
    return {"comment": sheet.comment, **{f"mark_{mark.criterion_id}": mark.value for mark in sheet.marks.all()}}


class ChangeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )


class PanelPages:
    """The URLs and views; `site` gives the admin's login, session expiry and page context."""

    def __init__(self, site):
        self.site = site

    def urls(self) -> list:
        view = self.site.admin_view
        return [
            path("interviews/panel/", view(self.sessions), name="interviews_panel"),
            path("interviews/panel/candidate/<int:slot_id>/", view(self.candidate), name="interviews_panel_candidate"),
            path(
                "interviews/panel/candidate/<int:slot_id>/document/<uuid:document_id>/",
                view(self.document),
                name="interviews_panel_document",
            ),
            path(
                "interviews/session/<int:session_id>/marking-sheets/",
                view(self.marking_sheets),
                name="interviews_session_marking_sheets",
            ),
            path(
                "interviews/session/<int:session_id>/attendance/",
                view(self.attendance),
                name="interviews_session_attendance",
            ),
            path(
                "interviews/sheet/<int:slot_id>/<int:member_id>/",
                view(self.hr_sheet),
                name="interviews_sheet_hr",
            ),
        ]

    def context(self, request, title, **extra) -> dict:
        return {**self.site.each_context(request), "title": title, **extra}

    # The panel member's pages

    def sessions(self, request):
        sessions = list(panel.member_sessions(request.user))
        services.panel_sessions_open(member=request.user)
        return TemplateResponse(
            request,
            "admin/interviews/panel_sessions.html",
            self.context(request, _("My interview sessions"), sessions=sessions),
        )

    def candidate(self, request, slot_id):
        slot = get_object_or_404(panel.member_slots(request.user), pk=slot_id)
        application = slot.entry.application
        criteria = panel.criteria_of(slot)
        sheet = panel.own_sheet(slot, request.user)
        form = SheetForm(request.POST or None, criteria=criteria, initial=sheet_initial(sheet))
        if request.method == "POST" and not (sheet and sheet.is_locked) and form.is_valid():
            submit = "submit" in request.POST
            try:
                services.sheet_save(
                    slot=slot,
                    member=request.user,
                    values=form.values(),
                    comment=form.cleaned_data["comment"],
                    submit=submit,
                )
            except ValidationError as error:
                form.show(error)
            else:
                messages.success(
                    request,
                    _("Your marks were submitted and are now locked.")
                    if submit
                    else _("Your marks were saved as a draft."),
                )
                return redirect(request.path)
        if request.method == "GET":
            services.panel_candidate_open(slot=slot, member=request.user)
        return TemplateResponse(
            request,
            "admin/interviews/panel_candidate.html",
            self.context(
                request,
                application.full_name,
                slot=slot,
                application=application,
                sections=snapshot_sections(application.snapshot),
                documents=sorted(application.documents.all(), key=lambda d: (Document.Kind.values.index(d.kind), d.pk)),
                form=form,
                sheet=sheet,
                others=panel.others_sheets(slot, request.user),
                criteria=criteria,
            ),
        )

    def document(self, request, slot_id, document_id):
        slot = get_object_or_404(panel.member_slots(request.user), pk=slot_id)
        document = get_object_or_404(Document, pk=document_id)
        handle = services.panel_document_open(slot=slot, document=document, member=request.user)
        if handle is None:
            raise Http404
        return document_response(document, handle, inline=request.GET.get("inline") == "1")

    def marking_sheets(self, request, session_id):
        """The printed sheets: for HR, and for a member of the session's panel."""
        session = get_object_or_404(Session, pk=session_id)
        member = PanelMember.objects.filter(session=session, member=request.user).exists()
        if not (member or request.user.has_perm("interviews.view_session")):
            raise Http404
        filename, content_type, content = services.marking_sheets_pdf(session=session, generated_by=request.user)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    # HR's pages

    def attendance(self, request, session_id):
        """HR records who attended, and sees each panel member's sheet, with a link to key it in or change it."""
        if not request.user.has_perm("interviews.change_slot"):
            raise PermissionDenied
        session = get_object_or_404(Session.objects.select_related("shortlist__post"), pk=session_id)
        slots = list(
            Slot.objects.filter(session=session, entry__removed_at__isnull=True)
            .select_related("entry__application", "attendance_by")
            .order_by("starts_at", "pk")
        )
        if request.method == "POST":
            chosen = [slot for slot in slots if str(slot.pk) in request.POST.getlist("slot")]
            try:
                count = services.attendance_record(
                    slots=chosen, attendance=request.POST.get("attendance", ""), recorded_by=request.user
                )
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Attendance recorded for %(count)s candidate(s).") % {"count": count})
            return redirect(request.path)
        members = list(PanelMember.objects.filter(session=session).select_related("member"))
        sheets = {
            (sheet.slot_id, sheet.member_id): sheet
            for sheet in MarkSheet.objects.filter(slot__session=session).only(
                "id", "slot_id", "member_id", "submitted_at", "keyed_by_id"
            )
        }
        rows = [(slot, [(member, sheets.get((slot.pk, member.member_id))) for member in members]) for slot in slots]
        return TemplateResponse(
            request,
            "admin/interviews/attendance.html",
            self.context(
                request,
                _("Attendance and marks: %(session)s") % {"session": session},
                session=session,
                rows=rows,
                members=members,
                choices=Slot.Attendance.choices,
            ),
        )

    def hr_sheet(self, request, slot_id, member_id):
        """HR keys in a member's printed sheet, or changes a submitted mark with a reason."""
        if not request.user.has_perm("interviews.change_marksheet"):
            raise PermissionDenied
        slot = get_object_or_404(Slot.objects.select_related("entry__application", "session__shortlist"), pk=slot_id)
        membership = get_object_or_404(
            PanelMember.objects.select_related("member"), session_id=slot.session_id, member_id=member_id
        )
        member = membership.member
        criteria = panel.criteria_of(slot)
        sheet = panel.own_sheet(slot, member)
        locked = bool(sheet and sheet.is_locked)
        form = SheetForm(request.POST or None, criteria=criteria, initial=sheet_initial(sheet))
        change_form = ChangeForm(request.POST or None) if locked else None
        if request.method == "POST" and form.is_valid() and (change_form is None or change_form.is_valid()):
            try:
                if locked:
                    if not request.user.has_perm("interviews.change_mark"):
                        raise PermissionDenied
                    services.sheet_change(
                        sheet=sheet,
                        values=form.values(),
                        reason=change_form.cleaned_data["reason"],
                        changed_by=request.user,
                    )
                else:
                    services.sheet_save(
                        slot=slot,
                        member=member,
                        values=form.values(),
                        comment=form.cleaned_data["comment"],
                        submit="submit" in request.POST,
                        keyed_by=request.user,
                    )
            except ValidationError as error:
                form.show(error)
            else:
                messages.success(request, _("The marking sheet was saved."))
                return redirect(reverse("admin:interviews_session_attendance", args=[slot.session_id]))
        return TemplateResponse(
            request,
            "admin/interviews/hr_sheet.html",
            self.context(
                request,
                _("Marking sheet of %(member)s for %(name)s")
                % {"member": member.get_full_name(), "name": slot.entry.application.full_name},
                slot=slot,
                member=member,
                sheet=sheet,
                locked=locked,
                form=form,
                change_form=change_form,
                changes=list(
                    MarkChange.objects.filter(mark__sheet=sheet).select_related("mark__criterion", "changed_by")
                )
                if sheet
                else [],
            ),
        )
