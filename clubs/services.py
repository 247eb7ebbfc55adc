"""Writes to clubs. Each runs in one transaction and checks, here, who may make it (PermissionDenied)
and whether it makes sense (ValidationError with a message for the form); the views and the admin
ask the same functions and never check on their own.

Joining locks the club's row, so that members joining a full club at the same moment never exceed its
cap; saving a schedule checks the version the organiser started from, so that two organisers editing
it at once do not silently overwrite each other.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.permissions import require_member_who_can_post
from books.models import EditionChapter
from discussions import services as discussions
from shelves.progress import Point, not_after, reached

from .models import Ban, Club, Invitation, JoinRequest, Membership, Milestone, Pick, Role, Visibility

# Told of each organiser's action on a member (removed, banned, ban lifted), in its transaction:
# moderation writes it to the audit log. hook(by=, action=, member=, club=, reason=).
MEMBER_ACTION_HOOKS = []


def _tell(**action):
    for hook in MEMBER_ACTION_HOOKS:
        hook(**action)


# Told of what happens to a member, in the transaction that does it: notifications tells them.
# hook(event=, club=, user=, by=, **details); events: "invited" (invitation=), "approved", "declined"
# (answer=), "left", "removed".
MEMBER_EVENT_HOOKS = []


def _notice(event, **details):
    for hook in MEMBER_EVENT_HOOKS:
        hook(event=event, **details)


def membership_of(club, user):
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(club=club, user=user).first()


def require_organiser(club, user):
    membership = membership_of(club, user)
    if membership is None or not membership.organises:
        raise PermissionDenied("Only the club's organisers can do that.")
    return membership


def require_owner(club, user):
    membership = membership_of(club, user)
    if membership is None or membership.role != Role.OWNER:
        raise PermissionDenied("Only the club's owner can do that.")
    return membership


def _unique_slug(name):
    base = slugify(name)[:90] or "club"
    slug, n = base, 1
    while Club.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def club_create(
    *, owner, name, description="", visibility=Visibility.PUBLIC, time_zone="UTC", member_cap=None, cover=None
):
    require_member_who_can_post(owner)
    club = Club(
        name=name.strip(),
        slug=_unique_slug(name),
        description=description,
        visibility=visibility,
        time_zone=time_zone,
        member_cap=member_cap,
        member_count=1,
        last_activity_at=timezone.now(),
    )
    if cover:
        club.cover = cover
    club.full_clean()
    club.save()
    Membership.objects.create(club=club, user=owner, role=Role.OWNER)
    return club


@transaction.atomic
def club_update(*, club, by, **fields):
    require_organiser(club, by)
    for name, value in fields.items():
        setattr(club, name, value)
    if club.member_cap is not None and club.member_cap < club.member_count:
        raise ValidationError({"member_cap": f"The club already has {club.member_count} members."})
    club.full_clean()
    club.save()
    return club


def _add_member(club, user, role=Role.MEMBER):
    """Add user to club (whose row the caller holds locked), within its cap."""
    if Ban.objects.filter(club=club, user=user).exists():
        raise ValidationError("You cannot join this club: its organisers removed you.")
    if Membership.objects.filter(club=club, user=user).exists():
        raise ValidationError("You are already a member of this club.")
    if club.is_full:
        raise ValidationError(f"This club is full: it takes {club.member_cap} members.")
    membership = Membership.objects.create(club=club, user=user, role=role)
    Club.objects.filter(pk=club.pk).update(member_count=F("member_count") + 1)
    club.member_count += 1
    JoinRequest.objects.filter(club=club, user=user).delete()
    return membership


def _locked(club):
    return Club.objects.select_for_update().get(pk=club.pk)


@transaction.atomic
def club_join(*, club, user):
    """Join a public club at once; closed clubs take requests, private ones invitations."""
    require_member_who_can_post(user)
    club = _locked(club)
    if club.visibility == Visibility.CLOSED:
        raise ValidationError("This club is closed: ask to join, and an organiser will answer.")
    if club.visibility == Visibility.PRIVATE:
        raise ValidationError("This club takes members by invitation only.")
    return _add_member(club, user)


@transaction.atomic
def club_request(*, club, user, message=""):
    """Ask to join a closed club (a declined request may be made again)."""
    require_member_who_can_post(user)
    if club.visibility != Visibility.CLOSED:
        raise ValidationError("This club does not take requests.")
    if Ban.objects.filter(club=club, user=user).exists():
        raise ValidationError("You cannot join this club: its organisers removed you.")
    if Membership.objects.filter(club=club, user=user).exists():
        raise ValidationError("You are already a member of this club.")
    request, created = JoinRequest.objects.get_or_create(club=club, user=user, defaults={"message": message})
    if not created:
        if request.status == JoinRequest.Status.PENDING:
            raise ValidationError("You have already asked to join: the organisers will answer.")
        request.status, request.message, request.answer, request.decided_by = (
            JoinRequest.Status.PENDING,
            message,
            "",
            None,
        )
        request.full_clean()
        request.save()
    return request


@transaction.atomic
def request_decide(*, join_request, by, approve, answer=""):
    club = _locked(join_request.club)
    require_organiser(club, by)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError("This request was already answered.")
    if approve:
        membership = _add_member(club, join_request.user)
        _notice("approved", club=club, user=join_request.user, by=by)
        return membership
    join_request.status, join_request.answer, join_request.decided_by = JoinRequest.Status.DECLINED, answer, by
    join_request.full_clean()
    join_request.save()
    _notice("declined", club=club, user=join_request.user, by=by, answer=answer)
    return None


@transaction.atomic
def request_withdraw(*, club, user):
    JoinRequest.objects.filter(club=club, user=user, status=JoinRequest.Status.PENDING).delete()


@transaction.atomic
def invitation_create(*, club, by, username="", email="", days=14, max_uses=None):
    """An invitation link; for one member when username or e-mail is given (then it is used once)."""
    require_organiser(club, by)
    invitee = None
    if username:
        invitee = User.objects.filter(username__iexact=username.strip()).first()
        if invitee is None:
            raise ValidationError({"username": f"No member is called {username}."})
        if Membership.objects.filter(club=club, user=invitee).exists():
            raise ValidationError({"username": f"{invitee.name} is already a member."})
        max_uses = 1
    if email:
        max_uses = 1
    if not 1 <= days <= 90:
        raise ValidationError({"days": "An invitation lasts between 1 and 90 days."})
    invitation = Invitation(
        club=club,
        created_by=by,
        invitee=invitee,
        email=email.strip(),
        expires_at=timezone.now() + timedelta(days=days),
        max_uses=max_uses,
    )
    invitation.full_clean()
    invitation.save()
    if invitee is not None:
        _notice("invited", club=club, user=invitee, by=by, invitation=invitation)
    return invitation


def invitation_send(*, invitation, url):
    """E-mail an invitation made for an address (once the invitation is saved for good)."""
    if not invitation.email:
        return
    inviter = invitation.created_by.name if invitation.created_by else "A member"
    body = (
        f"{inviter} invites you to read with {invitation.club.name} on Bookclub.\n\n"
        f"Join here (the link works until {invitation.expires_at:%B %-d, %Y}):\n{url}\n"
    )
    transaction.on_commit(lambda: send_mail(f"An invitation to {invitation.club.name}", body, None, [invitation.email]))


@transaction.atomic
def invitation_revoke(*, invitation, by):
    require_organiser(invitation.club, by)
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())


@transaction.atomic
def invitation_accept(*, invitation, user):
    require_member_who_can_post(user)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation.problem()
    if problem:
        raise ValidationError(problem)
    if invitation.invitee_id and invitation.invitee_id != user.pk:
        raise ValidationError("This invitation is for another member.")
    club = _locked(invitation.club)
    membership = _add_member(club, user)
    Invitation.objects.filter(pk=invitation.pk).update(use_count=F("use_count") + 1)
    return membership


def _remove(club, membership):
    membership.delete()
    Club.objects.filter(pk=club.pk).update(member_count=F("member_count") - 1)
    club.member_count -= 1


@transaction.atomic
def club_leave(*, club, user, successor=None):
    """Leave the club. The owner names who takes over (a club never lacks an owner), unless they are
    its last member: then the club goes with them."""
    club = _locked(club)
    membership = membership_of(club, user)
    if membership is None:
        raise ValidationError("You are not a member of this club.")
    if membership.role == Role.OWNER:
        if club.member_count <= 1:
            club.delete()
            return None
        if successor is None:
            raise ValidationError({"successor": "Name the member who will own the club after you."})
        _hand_over(club, membership, successor)
    _remove(club, membership)
    _notice("left", club=club, user=user, by=user)
    return club


def _hand_over(club, owner_membership, successor):
    heir = Membership.objects.filter(club=club, user=successor).first()
    if heir is None or heir.pk == owner_membership.pk:
        raise ValidationError({"successor": "The new owner must be another member of the club."})
    Membership.objects.filter(pk=owner_membership.pk).update(role=Role.ORGANISER)
    owner_membership.role = Role.ORGANISER
    Membership.objects.filter(pk=heir.pk).update(role=Role.OWNER)


@transaction.atomic
def ownership_transfer(*, club, by, to):
    club = _locked(club)
    owner = require_owner(club, by)
    _hand_over(club, owner, to)


@transaction.atomic
def member_set_role(*, club, by, member, role):
    """Promote a member to organiser or back. Only the owner changes organisers; the owner's own role
    changes only by handing the club over."""
    require_owner(club, by)
    if role not in (Role.ORGANISER, Role.MEMBER):
        raise ValidationError("A member is an organiser or a member; hand the club over to make an owner.")
    membership = membership_of(club, member)
    if membership is None:
        raise ValidationError("Not a member of this club.")
    if membership.role == Role.OWNER:
        raise ValidationError("The owner's role changes only by handing the club over.")
    Membership.objects.filter(pk=membership.pk).update(role=role)


@transaction.atomic
def member_remove(*, club, by, member, ban=False, reason=""):
    """Remove a member (organisers remove members; only the owner removes organisers), and maybe ban
    them from joining again."""
    club = _locked(club)
    mine = require_organiser(club, by)
    membership = membership_of(club, member)
    if membership is not None:
        if membership.role == Role.OWNER:
            raise PermissionDenied("The owner cannot be removed.")
        if membership.role == Role.ORGANISER and mine.role != Role.OWNER:
            raise PermissionDenied("Only the owner can remove an organiser.")
        _remove(club, membership)
    if ban:
        Ban.objects.get_or_create(club=club, user=member, defaults={"banned_by": by, "reason": reason})
        JoinRequest.objects.filter(club=club, user=member).delete()
        Invitation.objects.filter(club=club, invitee=member).update(revoked_at=timezone.now())
    _tell(by=by, action="banned from club" if ban else "removed from club", member=member, club=club, reason=reason)
    if membership is not None:
        _notice("removed", club=club, user=member, by=by)


@transaction.atomic
def member_unban(*, club, by, member):
    require_organiser(club, by)
    if Ban.objects.filter(club=club, user=member).delete()[0]:
        _tell(by=by, action="lifted club ban", member=member, club=club, reason="")


@transaction.atomic
def membership_settings(*, club, user, hide_progress):
    updated = Membership.objects.filter(club=club, user=user).update(hide_progress=hide_progress)
    if not updated:
        raise ValidationError("You are not a member of this club.")


def owner_replace(*, user):
    """The clubs user owns pass to their longest-serving organiser (else longest-serving member):
    called when the owner is suspended or their account deleted."""
    with transaction.atomic():
        for membership in Membership.objects.filter(user=user, role=Role.OWNER).select_related("club"):
            heir = (
                Membership.objects.filter(club=membership.club)
                .exclude(user=user)
                .exclude(user__suspended_at__isnull=False)
                .order_by("-role", "joined_at", "pk")  # "organiser" sorts after "member": -role puts it first
                .first()
            )
            if heir is None:
                continue
            Membership.objects.filter(pk=membership.pk).update(role=Role.MEMBER)
            Membership.objects.filter(pk=heir.pk).update(role=Role.OWNER)


def read_before(club, book):
    """The club's earlier pick of book (the latest), or None."""
    return club.picks.filter(book=book, is_current=False).order_by("-starts_on").first()


@transaction.atomic
def pick_set(*, club, by, book, starts_on, ends_on, reread=False, edition=None):
    """Make book the club's current pick; the current one joins the history. A book the club has read
    before is refused unless reread is confirmed (ValidationError code "reread"). edition: the one its
    schedule counts pages in (the book's main edition unless said)."""
    require_organiser(club, by)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The end comes after the start."})
    earlier = read_before(club, book)
    if earlier and not reread:
        raise ValidationError(
            f"The club read this in {earlier.starts_on:%B %Y}: tick “Read it again” to pick it anyway.", code="reread"
        )
    if edition is not None and edition.book_id != book.pk:
        raise ValidationError("That edition is another book's.")
    Pick.objects.filter(club=club, is_current=True).update(is_current=False)
    edition = edition or book.main_edition
    pick = Pick(club=club, book=book, edition=edition, starts_on=starts_on, ends_on=ends_on, chosen_by=by)
    pick.full_clean()
    pick.save()
    Club.objects.filter(pk=club.pk).update(last_activity_at=timezone.now(), current_book=book)
    return pick


@transaction.atomic
def pick_finish(*, pick, by):
    require_organiser(pick.club, by)
    Pick.objects.filter(pk=pick.pk).update(is_current=False)
    Club.objects.filter(pk=pick.club_id).update(current_book=None)


def schedule_check(pick, milestones, today=None):
    """The milestones ([{label, chapter, page, percent, due_on}], in order) or ValidationError naming
    what is wrong: each ends further into the book than the one before, on a later date, within the
    edition's pages and chapters, and no new date is in the past."""
    today = today or timezone.localdate()
    edition = pick.edition
    pages = edition.pages if edition else None
    errors = []
    previous = None
    existing = {m.position: m.due_on for m in pick.milestones.all()}
    for position, milestone in enumerate(milestones, start=1):
        end = _end(milestone, pages)
        label = milestone.get("label") or f"Milestone {position}"
        if not end:
            errors.append(f"{label}: say where it ends (a chapter, a page or a percentage).")
        if end.page and pages and end.page > pages:
            errors.append(f"{label}: page {end.page} is past the last page of the club's edition ({pages}).")
        if end.chapter and edition and edition.chapters and end.chapter > edition.chapters:
            errors.append(f"{label}: the club's edition has {edition.chapters} chapters.")
        if end.percent is not None and end.percent > 100:
            errors.append(f"{label}: a percentage is at most 100.")
        due = milestone.get("due_on")
        if due is None:
            errors.append(f"{label}: give the date it should be read by.")
        elif due < today and existing.get(position) != due:
            errors.append(f"{label}: {due:%B %-d, %Y} is in the past.")
        if previous is not None and end:
            prev_end, prev_due = previous
            if not_after(end, prev_end):
                errors.append(f"{label}: it must end further into the book than the milestone before it.")
            if due and prev_due and due < prev_due:
                errors.append(f"{label}: its date comes before the milestone before it.")
        previous = (end, due)
    if errors:
        raise ValidationError(errors)


def _end(milestone, pages):
    """Where a milestone ends, its page counted in the club's edition of pages pages."""
    page = milestone.get("page")
    return Point(
        page=page,
        pages=pages if page is not None else None,
        chapter=milestone.get("chapter"),
        percent=milestone.get("percent"),
    )


def chapter_ends_wanted(pick, milestones):
    """{chapter: estimate or None} of the milestones that end at a chapter the club's edition does
    not yet say the page of: what the organiser is asked before the schedule is saved. Chapters whose
    end is known get their page filled in (milestones are changed in place)."""
    edition = pick.edition
    if edition is None or not edition.pages:
        return {}
    chapters = {
        m["chapter"] for m in milestones if m.get("chapter") and m.get("page") is None and m.get("percent") is None
    }
    known = edition.chapter_end_pages(chapters)
    wanted = {}
    for milestone in milestones:
        chapter = milestone.get("chapter")
        if chapter in known:
            milestone["page"] = known[chapter]
        elif chapter in chapters:
            wanted[chapter] = edition.chapter_end_estimate(chapter)
    return wanted


@transaction.atomic
def schedule_save(*, pick, by, milestones, version, edition=None):
    """Replace the pick's schedule. Each milestone keeps (or gets) its own thread, which opens to a
    reader once they pass the end of the milestone before it. version: pick.schedule_version as the
    organiser saw it; if someone saved since, nothing is written and they are told. edition: the one
    the schedule's pages count in, if it changes. Where a milestone gives a chapter and its page,
    the edition keeps where that chapter ends (books.EditionChapter), for every later schedule and
    spoiler marker."""
    require_organiser(pick.club, by)
    pick = Pick.objects.select_for_update(of=("self",)).select_related("club", "book", "edition").get(pk=pick.pk)
    if pick.schedule_version != version:
        raise ValidationError(
            "Another organiser changed the schedule since you opened it: here it is as it stands now; "
            "make your change again.",
            code="stale",
        )
    if edition is not None and edition.pk != pick.edition_id:
        if edition.book_id != pick.book_id:
            raise ValidationError("That edition is another book's.")
        pick.edition = edition
        Pick.objects.filter(pk=pick.pk).update(edition=edition)
    pages = pick.edition.pages if pick.edition else None
    schedule_check(pick, milestones)
    old = {m.position: m for m in pick.milestones.select_related("thread")}
    previous_end = Point()
    kept = []
    for position, values in enumerate(milestones, start=1):
        end = _end(values, pages)
        title = f"{values['label']}: up to {end.label()}"
        milestone = old.pop(position, None) or Milestone(pick=pick, position=position)
        milestone.label, milestone.due_on = values["label"], values["due_on"]
        milestone.chapter, milestone.page, milestone.pages, milestone.percent = (
            end.chapter,
            end.page,
            end.pages,
            end.percent,
        )
        if milestone.thread is None:
            milestone.thread, _ = discussions.thread_create(
                book=pick.book,
                club=pick.club,
                starter=by,
                title=title[:150],
                body=f"Talk here about {pick.book.title} up to {end.label()}.",
                opens_at=previous_end,
            )
        else:
            thread = milestone.thread
            thread.title = title[:150]
            thread.opens_at_page, thread.opens_at_pages = previous_end.page, previous_end.pages
            thread.opens_at_chapter, thread.opens_at_percent = previous_end.chapter, previous_end.percent
            thread.save(
                update_fields=["title", "opens_at_page", "opens_at_pages", "opens_at_chapter", "opens_at_percent"]
            )
        milestone.full_clean(exclude=["thread"])
        milestone.save()
        kept.append(milestone)
        previous_end = end
        if pick.edition and end.chapter and end.page:
            EditionChapter.objects.update_or_create(
                edition=pick.edition, number=end.chapter, defaults={"page": end.page}
            )
    for gone in old.values():
        gone.delete()  # its thread stays in the club's discussions
    Pick.objects.filter(pk=pick.pk).update(schedule_version=F("schedule_version") + 1)
    return kept


def milestone_progress(milestones, readers_at):
    """[(milestone, how many readers have passed its end)], and the current milestone (the first not
    yet due, else the last). readers_at: how many readers are at each Progress."""
    counts = []
    for milestone in milestones:
        end = milestone.end
        counts.append((milestone, sum(count for progress, count in readers_at.items() if reached(progress, end))))
    today = timezone.localdate()
    current = next((m for m in milestones if m.due_on >= today), milestones[-1] if milestones else None)
    return counts, current


def _pick_edition(thread):
    """The edition a club's thread counts pages and chapters in: its pick's, for the book it reads."""
    if thread.club_id is None or thread.book_id is None:
        return None
    pick = (
        Pick.objects.filter(club_id=thread.club_id, book_id=thread.book_id)
        .select_related("edition")
        .order_by("-is_current", "-starts_on")
        .first()
    )
    return pick.edition if pick else None


discussions.THREAD_EDITIONS.append(_pick_edition)


def _note_activity(*, thread, post):
    if thread.club_id is not None:
        Club.objects.filter(pk=thread.club_id).update(last_activity_at=post.created_at)


discussions.AFTER_POST.append(_note_activity)
