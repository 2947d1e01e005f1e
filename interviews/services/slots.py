"""HR's interview sessions and slots, and the candidate's answer to a slot.

A slot is e-mailed with a calendar file once its candidate is invited (at publication, or when the slot is
given or moved after it); every step is audited.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import HR_ADMINISTRATOR, HR_OFFICER, INTERVIEWER
from audit.services import Action, audit_record
from myipo_recruit.dates import local_datetime, spreadsheet_timestamp, within_reach
from outbox.services import email_queue, emails_queue
from screening import services as screening_services
from screening.models import REASON_MIN_LENGTH, Shortlist, ShortlistEntry

from ..models import Offer, PanelMember, Session, Slot, SlotChange
from ..scheduling import Grid, slots_plan

logger = logging.getLogger(__name__)

PANEL_ROLES = (INTERVIEWER, HR_OFFICER, HR_ADMINISTRATOR)
TIME_FIELDS = ("starts_at", "slot_minutes", "gap_minutes", "break_every", "break_minutes", "ends_by")
SESSION_FIELDS = (*TIME_FIELDS, "venue", "video_link", "respond_by", "notes")

error_messages = {
    "interview_held": _("The interview has taken place: your answer to the slot can no longer change."),
    "shortlist_not_ready": _(
        "Interview sessions are planned for a shortlist once its advertisement has closed: %(shortlist)s is not "
        "ready yet."
    ),
    "panel_not_staff": _(
        "%(name)s cannot sit on a panel: only staff in the Interviewer role or in HR can (Settings: staff)."
    ),
    "date_out_of_reach": _("A date must be within two years of today: check the year."),
    "ends_before_start": _("The last interview must end after the first one starts."),
    "respond_by_late": _("The deadline to confirm or ask for another slot must be before the first interview."),
    "slot_length_fixed": _(
        "%(count)s slot(s) of %(minutes)s minutes are already given in this session: the length of a slot can no "
        "longer change. Create another session for a different length."
    ),
    "slots_outside": _(
        "%(count)s slot(s) already given would fall outside the new times (the first at %(time)s). Move those "
        "candidates to another time or session first, or keep the times."
    ),
    "sessions_of_one_shortlist": _("Assign slots in the sessions of one shortlist at a time."),
    "slot_off_session": _(
        "The new time must be within the session: from %(starts)s, ending by %(ends_by)s at the latest."
    ),
    "panel_busy": _(
        "A member of the panel (%(name)s) already sits with another candidate at that time (%(time)s). Choose "
        "another time or session."
    ),
    "session_busy": _("Another candidate already has that time in this session (%(time)s). Choose another time."),
    "candidate_busy": _(
        "The candidate already has an interview at that time for another post (%(time)s). Choose another time."
    ),
    "move_reason": _("Give the reason for moving the slot (at least %(limit)s characters)."),
    "slot_unchanged": _("The slot is already at that time in that session."),
    "slot_held": _("Attendance at this interview is recorded: the slot can no longer be moved."),
    "entry_removed": _("The candidate is no longer on the shortlist."),
    "respond_closed": _(
        "The time to answer has passed (%(deadline)s). Please call or e-mail MyIPO's recruitment unit to change "
        "your interview."
    ),
    "change_reason": _("Say why you need another slot: at least %(limit)s characters."),
    "not_invited": _("This slot has not been given to the candidate yet."),
    "unslotted": _(
        "%(count)s shortlisted candidate(s) have no interview slot yet. Assign slots (add a session if they do not "
        "fit) before publishing, so that each invitation gives the candidate's own slot."
    ),
}


class SlotError(ValidationError):
    def __init__(self, code: str, **params):
        super().__init__(error_messages[code], code=code, params=params or None)


# Sessions and panels


def panel_member_check(member) -> None:
    """Only staff in the Interviewer role or in HR sit on a panel (least privilege, and a known person)."""
    if not (member.is_active and member.is_staff and member.groups.filter(name__in=PANEL_ROLES).exists()):
        raise SlotError("panel_not_staff", name=member.get_full_name() or member.get_username())


def session_times_check(session: Session) -> None:
    if not all(within_reach(value) for value in (session.starts_at, session.ends_by, session.respond_by)):
        raise SlotError("date_out_of_reach")
    if session.ends_by and session.ends_by <= session.starts_at:
        raise SlotError("ends_before_start")
    if session.respond_by and session.respond_by >= session.starts_at:
        raise SlotError("respond_by_late")


def session_slots_check(session: Session) -> None:
    """Slots already given must stay valid: the same length, and within the (new) start and end."""
    slots = Slot.objects.filter(session=session, entry__removed_at__isnull=True)
    length = dt.timedelta(minutes=session.slot_minutes)
    wrong_length = [slot for slot in slots if slot.ends_at - slot.starts_at != length]
    if wrong_length:
        minutes = int((wrong_length[0].ends_at - wrong_length[0].starts_at).total_seconds() // 60)
        raise SlotError("slot_length_fixed", count=len(wrong_length), minutes=minutes)
    outside = slots.filter(
        Q(starts_at__lt=session.starts_at) | (Q(ends_at__gt=session.ends_by) if session.ends_by else Q(pk=None))
    ).order_by("starts_at")
    if outside:
        raise SlotError("slots_outside", count=len(outside), time=local_datetime(outside[0].starts_at))


def session_audit(session: Session, *, actor, verb: str) -> None:
    audit_record(
        action=Action.INTERVIEW_SESSION,
        actor=actor,
        target=session.shortlist,
        detail=f"{verb} {session.pk}: {spreadsheet_timestamp(session.starts_at)}, "
        f"{session.slot_minutes} min, {session.venue or session.video_link}",
    )


def session_create(*, shortlist: Shortlist, data: dict, created_by, panel: Iterable[tuple] = ()) -> Session:
    """A sitting of a panel for a shortlist whose advertisement has closed (it may be published already)."""
    with transaction.atomic():
        shortlist = Shortlist.objects.select_related("post__advertisement").get(pk=shortlist.pk)
        if shortlist.post.advertisement.is_open():
            raise SlotError("shortlist_not_ready", shortlist=shortlist)
        fields = {name: value for name, value in data.items() if name in SESSION_FIELDS}
        session = Session(shortlist=shortlist, created_by=created_by, **fields)
        session.full_clean()
        session_times_check(session)
        session.save()
        session_audit(session, actor=created_by, verb="+")
        if panel:
            session_panel_set(session=session, members=panel, changed_by=created_by)
    return session


def session_update(*, session: Session, data: dict, updated_by) -> Session:
    """Change a session; slots already given are never broken (refused with the reason)."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        for name in SESSION_FIELDS:
            if name in data:
                setattr(session, name, data[name])
        session.full_clean()
        session_times_check(session)
        session_slots_check(session)
        session.save()
        session_audit(session, actor=updated_by, verb="~")
    return session


def session_panel_set(*, session: Session, members: Iterable[tuple], changed_by) -> None:
    """The panel of a session: [(user, is_chair), ...]; each must be staff in the Interviewer role or HR."""
    members = list(members)
    for member, _is_chair in members:
        panel_member_check(member)
    with transaction.atomic():
        before = set(session.members.values_list("member_id", "is_chair"))
        after = {(member.pk, bool(is_chair)) for member, is_chair in members}
        if before == after:
            return
        session.members.all().delete()
        PanelMember.objects.bulk_create(
            [PanelMember(session=session, member=member, is_chair=bool(is_chair)) for member, is_chair in members]
        )
        audit_record(
            action=Action.INTERVIEW_SESSION,
            actor=changed_by,
            target=session.shortlist,
            detail=f"panel {session.pk}: " + ", ".join(sorted(str(pk) for pk, _c in after)),
        )


# Assigning slots


def people_lock(*, sessions: Iterable[Session], candidate_ids: Iterable[int] = ()) -> None:
    """Lock the accounts of the sessions' panel members and of these candidates, in one order, until the
    transaction ends: two officers working on two posts that share a panel member (or a candidate) then take
    turns, so the second sees the first's slot before checking for a clash. The caller holds the shortlist's lock."""
    members = PanelMember.objects.filter(session__in=list(sessions)).values_list("member_id", flat=True)
    people = sorted({*members, *candidate_ids})
    list(get_user_model().objects.select_for_update().filter(pk__in=people).order_by("pk").values_list("pk"))


def live_slots():
    """Slots of candidates still on their shortlist (a removed candidate's slot is free again)."""
    return Slot.objects.filter(entry__removed_at__isnull=True)


def panel_members(sessions: list[Session]) -> dict[int, set[int]]:
    members = defaultdict(set)
    rows = PanelMember.objects.filter(session__in=sessions).values_list("session_id", "member_id")
    for session_id, member_id in rows:
        members[session_id].add(member_id)
    return members


def panel_busy(sessions: list[Session], exclude_slot: Slot | None = None) -> dict[int, list[tuple]]:
    """Per session, when it cannot seat a candidate: its own slots and the slots its panel sits on elsewhere."""
    members = panel_members(sessions)
    all_members = set().union(*members.values()) if members else set()
    other_sessions = defaultdict(set)  # member -> sessions they sit on
    for session_id, member_id in PanelMember.objects.filter(member_id__in=all_members).values_list(
        "session_id", "member_id"
    ):
        other_sessions[member_id].add(session_id)
    wanted = {session.pk for session in sessions} | {pk for pks in other_sessions.values() for pk in pks}
    slots = live_slots().filter(session_id__in=wanted)
    if exclude_slot is not None:
        slots = slots.exclude(pk=exclude_slot.pk)
    by_session = defaultdict(list)
    for session_id, start, end in slots.values_list("session_id", "starts_at", "ends_at"):
        by_session[session_id].append((start, end))
    busy = {}
    for session in sessions:
        seen = {session.pk} | {pk for member in members[session.pk] for pk in other_sessions[member]}
        busy[session.pk] = [interval for pk in seen for interval in by_session[pk]]
    return busy


def candidates_busy(entries: list[ShortlistEntry], exclude_slot: Slot | None = None) -> dict[int, list[tuple]]:
    """Per entry, the slots the same candidate (account) has for other posts."""
    candidate_of = {entry.pk: entry.application.candidate_id for entry in entries}
    slots = live_slots().filter(entry__application__candidate_id__in=set(candidate_of.values()))
    if exclude_slot is not None:
        slots = slots.exclude(pk=exclude_slot.pk)
    by_candidate = defaultdict(list)
    for candidate_id, entry_id, start, end in slots.values_list(
        "entry__application__candidate_id", "entry_id", "starts_at", "ends_at"
    ):
        by_candidate[candidate_id].append((entry_id, start, end))
    return {
        entry_pk: [(start, end) for other, start, end in by_candidate[candidate] if other != entry_pk]
        for entry_pk, candidate in candidate_of.items()
    }


def slots_to_assign(shortlist: Shortlist):
    """Entries still on the shortlist without a slot, in shortlist order."""
    return (
        shortlist.entries.filter(removed_at__isnull=True, slot__isnull=True)
        .select_related("application__candidate")
        .order_by(*ShortlistEntry._meta.ordering)
    )


def slots_preview(*, sessions: list[Session]) -> tuple[list, list]:
    """What assigning would do, without doing it: [(entry, session, starts_at, ends_at)], [entries not fitting]."""
    shortlist_ids = {session.shortlist_id for session in sessions}
    if len(shortlist_ids) != 1:
        raise SlotError("sessions_of_one_shortlist")
    shortlist = Shortlist.objects.get(pk=shortlist_ids.pop())
    entries = list(slots_to_assign(shortlist))
    return layout(sessions, entries)


def layout(sessions: list[Session], entries: list[ShortlistEntry]) -> tuple[list, list]:
    sessions = sorted(sessions, key=lambda session: (session.starts_at, session.pk))
    busy = panel_busy(sessions)
    own = candidates_busy(entries)
    members = panel_members(sessions)
    by_pk = {entry.pk: entry for entry in entries}
    placed, left = [], [entry.pk for entry in entries]
    for session in sessions:
        plan = slots_plan(grid=Grid.of(session), entries=left, busy=busy[session.pk], candidate_busy=own)
        for entry_pk, start, end in plan.placed:
            placed.append((by_pk[entry_pk], session, start, end))
            own.setdefault(entry_pk, []).append((start, end))
            for other in sessions:  # a panel member shared with a later session is now busy then too
                if other is not session and members[other.pk] & members[session.pk]:
                    busy[other.pk].append((start, end))
        left = plan.not_fitting
    return placed, [by_pk[pk] for pk in left]


def slots_assign(*, sessions: list[Session], assigned_by, base_url: str = "") -> tuple[list[Slot], list]:
    """Give a slot to every candidate still on the shortlist without one, session after session.

    Under a lock on the shortlist, so two HR officers pressing at once do not give two slots. Invited candidates
    are e-mailed their slot now; the others get it with their invitation when the outcome is published.
    Returns the slots made and the entries that do not fit.
    """
    sessions = list(sessions)
    if len({session.shortlist_id for session in sessions}) != 1:
        raise SlotError("sessions_of_one_shortlist")
    with transaction.atomic():
        shortlist = Shortlist.objects.select_for_update().get(pk=sessions[0].shortlist_id)
        sessions = list(Session.objects.filter(pk__in=[session.pk for session in sessions]))
        entries = list(slots_to_assign(shortlist))
        people_lock(sessions=sessions, candidate_ids=[entry.application.candidate_id for entry in entries])
        placed, not_fitting = layout(sessions, entries)
        slots = Slot.objects.bulk_create(
            [
                Slot(session=session, entry=entry, starts_at=start, ends_at=end, assigned_by=assigned_by)
                for entry, session, start, end in placed
            ]
        )
        if not slots[:1] or slots[0].pk is None:  # backends without RETURNING: read the rows back
            slots = list(Slot.objects.filter(entry__in=[entry for entry, *_rest in placed]))
        audit_record(
            action=Action.SLOT_ASSIGN,
            actor=assigned_by,
            target=shortlist,
            detail=f"{shortlist}: {len(slots)} slot(s), {len(not_fitting)} not fitting",
        )
        entries_by_pk = {entry.pk: entry for entry in entries}
        for slot in slots:
            slot.entry = entries_by_pk[slot.entry_id]
        emails_queue([slot_invitation(slot=slot, base_url=base_url) for slot in slots if slot.entry.invited_at])
    logger.info("Slots for shortlist %s: %s given by user %s", shortlist.pk, len(slots), assigned_by.pk)
    return slots, not_fitting


def slot_invitation(*, slot: Slot, base_url: str = "") -> dict:
    """The e-mail owed to the candidate with their slot and its calendar file (once per slot)."""
    application = slot.entry.application
    return {
        "kind": "slot_invitation",
        "to": application.candidate.email,
        "key": f"slot_invitation:{slot.pk}",
        "context": {"slot_id": slot.pk, "base_url": base_url},
        "reference": application.reference or "",
        "language": application.language,
    }


def slot_invitation_queue(*, slot: Slot, base_url: str = "") -> None:
    email_queue(**slot_invitation(slot=slot, base_url=base_url))


def shortlist_publish(*, shortlist: Shortlist, published_by, base_url: str = "") -> int:
    """Publish a shortlist that has interview sessions: every candidate must have a slot, which the invitation
    gives (instead of the shortlist's one date and venue)."""
    with transaction.atomic():
        Shortlist.objects.select_for_update().get(pk=shortlist.pk)
        missing = slots_to_assign(shortlist).count()
        if missing:
            raise SlotError("unslotted", count=missing)

        def invite(entry: ShortlistEntry) -> None:
            slot = Slot.objects.select_related("entry__application__candidate").get(entry=entry)
            slot_invitation_queue(slot=slot, base_url=base_url)

        return screening_services.shortlist_publish(
            shortlist=shortlist, published_by=published_by, invite=invite, interview_details_needed=False
        )


def has_sessions(shortlist: Shortlist) -> bool:
    return Session.objects.filter(shortlist=shortlist).exists()


# Moving a slot, and freeing it


def clash_check(*, slot: Slot, session: Session, starts_at, ends_at) -> None:
    """Refuse a time when the session, a member of its panel or the candidate is already taken."""
    overlapping = live_slots().filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(pk=slot.pk)
    taken = overlapping.filter(session=session).order_by("starts_at").first()
    if taken is not None:
        raise SlotError("session_busy", time=local_datetime(taken.starts_at))
    for member in PanelMember.objects.filter(session=session).select_related("member"):
        taken = overlapping.filter(session__members__member=member.member).order_by("starts_at").first()
        if taken is not None:
            name = member.member.get_full_name() or member.member.get_username()
            raise SlotError("panel_busy", name=name, time=local_datetime(taken.starts_at))
    taken = overlapping.filter(entry__application__candidate_id=slot.entry.application.candidate_id).first()
    if taken is not None:
        raise SlotError("candidate_busy", time=local_datetime(taken.starts_at))


def slot_move(*, slot: Slot, session: Session, starts_at, reason: str, moved_by, base_url: str = "") -> SlotChange:
    """Move a candidate to another time (and maybe another session of the post); the candidate is e-mailed the
    new slot with an updated calendar file. Refused when the panel or the candidate is taken then."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise SlotError("move_reason", limit=REASON_MIN_LENGTH)
    with transaction.atomic():
        slot = (
            Slot.objects.select_for_update(of=("self",))
            .select_related("entry__application__candidate", "session")
            .get(pk=slot.pk)
        )
        Shortlist.objects.select_for_update().get(pk=slot.session.shortlist_id)
        session = Session.objects.get(pk=session.pk)
        if session.shortlist_id != slot.session.shortlist_id:
            raise SlotError("sessions_of_one_shortlist")
        if slot.entry.removed_at:
            raise SlotError("entry_removed")
        if slot.attendance:
            raise SlotError("slot_held")
        if (session.pk, starts_at) == (slot.session_id, slot.starts_at):
            raise SlotError("slot_unchanged")
        if not within_reach(starts_at):
            raise SlotError("date_out_of_reach")
        ends_at = starts_at + dt.timedelta(minutes=session.slot_minutes)
        if starts_at < session.starts_at or (session.ends_by and ends_at > session.ends_by):
            raise SlotError(
                "slot_off_session",
                starts=local_datetime(session.starts_at),
                ends_by=local_datetime(session.ends_by) if session.ends_by else "—",
            )
        people_lock(sessions=[session], candidate_ids=[slot.entry.application.candidate_id])
        clash_check(slot=slot, session=session, starts_at=starts_at, ends_at=ends_at)
        change = SlotChange.objects.create(
            slot=slot,
            old_session=slot.session,
            new_session=session,
            old_starts_at=slot.starts_at,
            new_starts_at=starts_at,
            reason=reason[:500],
            changed_by=moved_by,
        )
        slot.session, slot.starts_at, slot.ends_at = session, starts_at, ends_at
        slot.response, slot.response_reason, slot.responded_at = Slot.Response.PENDING, "", None
        slot.full_clean(exclude=["entry"])
        slot.save()
        audit_record(
            action=Action.SLOT_MOVE,
            actor=moved_by,
            target=slot.entry.application,
            detail=f"{spreadsheet_timestamp(change.old_starts_at)} → {spreadsheet_timestamp(starts_at)}: {reason}",
        )
        if slot.entry.invited_at:
            application = slot.entry.application
            email_queue(
                kind="slot_change",
                to=application.candidate.email,
                key=f"slot_change:{change.pk}",
                context={"change_id": change.pk, "base_url": base_url},
                reference=application.reference or "",
                language=application.language,
            )
    return change


def shortlist_entry_remove(*, entry: ShortlistEntry, removed_by, reason: str) -> ShortlistEntry:
    """Take a candidate off the shortlist and free their slot (the back office's removal goes through here).

    A slot with marks already recorded is kept for the record; without, it is deleted (audited), so its time is
    free for another candidate. Even kept, a removed candidate's slot never counts as taken. An offer still
    awaiting the candidate's answer is withdrawn (audited): the vacancy goes down the reserve list.
    """
    with transaction.atomic():
        entry = screening_services.shortlist_remove(entry=entry, removed_by=removed_by, reason=reason)
        waiting = list(
            Offer.objects.select_for_update().filter(selection_entry__slot__entry=entry, status=Offer.Status.SENT)
        )
        for offer in waiting:
            offer.status = Offer.Status.WITHDRAWN
            offer.save(update_fields=["status"])
            audit_record(
                action=Action.OFFER_LAPSE,
                actor=removed_by,
                target=offer,
                detail=_("Offer %(reference)s withdrawn: the candidate was removed from the shortlist."),
                params={"reference": offer.reference},
            )
        slot = Slot.objects.filter(entry=entry).first()
        if slot is not None and not slot.sheets.exists() and not hasattr(slot, "selection_entry"):
            audit_record(
                action=Action.SLOT_MOVE,
                actor=removed_by,
                target=entry.application,
                detail=f"{spreadsheet_timestamp(slot.starts_at)} → —: {reason}",
            )
            slot.delete()
    return entry


# The candidate's answer


def respond_deadline(slot: Slot):
    """Answers close at the session's deadline, and in any case when the interview starts."""
    respond_by = slot.session.respond_by
    return min(respond_by, slot.starts_at) if respond_by else slot.starts_at


def slot_answerable(slot: Slot, now=None) -> bool:
    """The candidate may still confirm or ask for another slot: before the deadline, and before HR has recorded
    whether they attended (the interview is then over)."""
    return not slot.attendance and (now or timezone.now()) < respond_deadline(slot)


def slot_respond(*, slot: Slot, candidate, confirm: bool, reason: str = "", now=None) -> Slot:
    """The candidate confirms the slot, or asks for another one with a reason, until the session's deadline."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        slot = (
            Slot.objects.select_for_update(of=("self",))
            .select_related("session", "entry__application")
            .get(pk=slot.pk, entry__application__candidate=candidate)
        )
        if slot.entry.removed_at:
            raise SlotError("entry_removed")
        if not slot.entry.invited_at:
            raise SlotError("not_invited")
        deadline = respond_deadline(slot)
        if slot.attendance:
            raise SlotError("interview_held")
        if now >= deadline:
            raise SlotError("respond_closed", deadline=local_datetime(deadline))
        if not confirm and len(reason) < REASON_MIN_LENGTH:
            raise SlotError("change_reason", limit=REASON_MIN_LENGTH)
        slot.response = Slot.Response.CONFIRMED if confirm else Slot.Response.CHANGE
        slot.response_reason = "" if confirm else reason[:1000]
        slot.responded_at = now
        slot.save(update_fields=["response", "response_reason", "responded_at"])
        audit_record(
            action=Action.SLOT_RESPONSE,
            actor=candidate,
            target=slot.entry.application,
            detail=slot.response if confirm else f"{slot.response}: {slot.response_reason}",
        )
    return slot


def publication_slots(shortlist, summarize):
    """Screening's publication summary of `shortlist` (by `summarize`), told about interview sessions: with them,
    the shortlist's own date and venue are not needed, and every candidate needs a slot before publishing."""
    sessions = Session.objects.filter(shortlist=shortlist).count()
    summary = summarize(shortlist, interview_details_needed=not sessions)
    summary.session_count = sessions
    summary.unslotted = slots_to_assign(shortlist).count() if sessions else 0
    summary.slot_refusals = [error_messages["unslotted"] % {"count": summary.unslotted}] if summary.unslotted else []
    return summary
