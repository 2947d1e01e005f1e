"""What a panel member may read: only the sessions they sit on and the candidates of those sessions."""

from django.db.models import Prefetch

from .models import Criterion, MarkSheet, PanelMember, Session, Slot


def sits_on_a_panel(user) -> bool:
    return user.is_authenticated and PanelMember.objects.filter(member=user).exists()


def member_sessions(user):
    """The member's sessions, latest first, each with its candidates in slot order (3 queries)."""
    slots = (
        Slot.objects.filter(entry__removed_at__isnull=True)
        .select_related("entry__application")
        .order_by("starts_at", "pk")
    )
    return (
        Session.objects.filter(members__member=user)
        .select_related("shortlist__post__grade")
        .prefetch_related(Prefetch("slots", queryset=slots))
        .order_by("-starts_at", "pk")
    )


def member_slots(user):
    """The slots of the member's sessions: a candidate outside them is not found."""
    return Slot.objects.filter(session__members__member=user, entry__removed_at__isnull=True).select_related(
        "entry__application__post__grade", "session__shortlist__post"
    )


def criteria_of(slot: Slot) -> list[Criterion]:
    return list(Criterion.objects.filter(scheme__post_id=slot.session.shortlist.post_id))


def own_sheet(slot: Slot, user) -> MarkSheet | None:
    return MarkSheet.objects.filter(slot=slot, member=user).prefetch_related("marks").first()


def others_sheets(slot: Slot, user) -> list[MarkSheet]:
    """The other members' submitted sheets, shown only once the member has submitted their own."""
    own = MarkSheet.objects.filter(slot=slot, member=user, submitted_at__isnull=False).exists()
    if not own:
        return []
    return list(
        MarkSheet.objects.filter(slot=slot, submitted_at__isnull=False)
        .exclude(member=user)
        .select_related("member")
        .prefetch_related("marks")
    )
