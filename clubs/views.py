"""Club pages. Who may see what is decided by clubs.access for every address; who may do what, by
clubs.services (the views ask, never decide)."""

from collections import Counter
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import refuse_if_too_fast, require_member_who_can_post
from books.models import Edition
from catalogue.views import book_came_back
from core.forms import form_status, save_or_explain
from discussions import services as discussions
from discussions.forms import ThreadForm
from pagecache.cache import SITE, remember, shared_page
from pagecache.tags import tag
from reviews.models import Review
from shelves.models import ShelfEntry
from shelves.progress import Progress

from . import access, services
from .forms import (
    ClubForm,
    DecisionForm,
    InvitationForm,
    JoinRequestForm,
    LeaveForm,
    PickForm,
    ScheduleVersionForm,
    milestone_formset,
)
from .models import DIRECTORY, Club, Invitation, JoinRequest, Membership, Role, Visibility

CLUBS_PER_PAGE = 24
THREADS_PER_PAGE = 30
MEMBERS_SHOWN = 24
PROGRESS_SHOWN = 50
HISTORY_SHOWN = 20
SORTS = {"activity": "Latest activity", "size": "Most members", "name": "Name"}
# Sections the apps above add to the club page (meetings, votes), in order: part(club) returns
# {"template": ..., **what it shows}, which the template sees as part. A part's rows carry the club's tag.
PAGE_PARTS = []


@shared_page(lambda: [DIRECTORY], params=("q", "sort", "page"))
def directory(request):
    """Public and closed clubs (never private ones), live ones first, searchable by name and by book."""
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "activity"
    clubs = Club.objects.listed().select_related("current_book")
    if query:
        clubs = clubs.filter(Q(name__icontains=query) | Q(current_book__title__icontains=query))
    clubs = {
        "activity": clubs.by_activity(),
        "size": clubs.order_by("-member_count", "-pk"),
        "name": clubs.order_by("name", "pk"),
    }[sort]
    page = Paginator(clubs, CLUBS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "clubs": page.object_list, "query": query, "sort": sort, "sorts": SORTS}
    return render(request, "clubs/directory.html", context)


@login_required
def yours(request):
    memberships = (
        Membership.objects.filter(user=request.user).select_related("club", "club__current_book").order_by("club__name")
    )
    pending = JoinRequest.objects.filter(user=request.user).select_related("club")
    return render(request, "clubs/yours.html", {"memberships": memberships, "requests": pending})


@login_required
def create(request):
    if request.method == "GET":
        require_member_who_can_post(request.user)
    form = ClubForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        club = save_or_explain(form, lambda: services.club_create(owner=request.user, **form.cleaned_data))
        if club:
            messages.success(request, f"{club.name} is ready: invite people, then choose the book you will read.")
            return redirect(club)
    return render(request, "clubs/club_form.html", {"form": form}, status=form_status(form))


@shared_page(access.tags, gate=access.club_gate, gate_in_tags=True)
def club_page(request, slug):
    """The club as everybody allowed to see it sees it; each reader's standing fills holes."""
    club = Club.objects.cached_row(slug)  # as the gate read it: no second query
    if club is None:
        raise Http404("No such club.")
    # The current pick first, then the club's history, in one query.
    picks = list(club.picks.select_related("book").order_by("-is_current", "-starts_on", "-pk")[: HISTORY_SHOWN + 1])
    pick = picks.pop(0) if picks and picks[0].is_current else None
    history = picks[:HISTORY_SHOWN]
    milestones, passed, current, readers = [], [], None, {"count": 0, "latest": []}
    if pick:
        milestones = list(pick.milestones.select_related("thread"))
        # Where members are changes with their progress, not with a reply in the club's threads: kept
        # apart, so that a reply makes the page again without counting the readers again.
        readers = remember(
            f"clubs:readers:{club.pk}:{pick.pk}:{pick.book_id}",
            [SITE, tag("club_readers", club.slug)],
            partial(_readers, club, pick),
        )
        passed, current = services.milestone_progress(milestones, readers["at"])
    averages = dict(
        Review.objects.filter(
            book__in=[p.book_id for p in history],
            reviewer__club_memberships__club=club,
            rating__isnull=False,
        )
        .values_list("book")
        .annotate(average=Avg("rating"))
        .order_by()
    )
    for past in history:
        past.average = averages.get(past.book_id)
    members = list(club.memberships.select_related("user").order_by("joined_at", "pk")[:MEMBERS_SHOWN])
    threads = list(club.threads.for_board()[:5])
    context = {
        "club": club,
        "pick": pick,
        "milestones": passed,
        "current_milestone": current,
        "progresses": readers["latest"],
        "progress_count": readers["count"],
        "history": history,
        "members": members,
        "threads": threads,
        "parts": [part(club) for part in PAGE_PARTS],
    }
    return render(request, "clubs/club.html", context)


@dataclass(frozen=True)
class Reader:
    """A member's place in the club's book, as the club page lists it."""

    name: str
    url: str
    progress: Progress


def _readers(club, pick):
    """How many of the club's members (those who show their progress) are where in the pick's book,
    counted in the database whatever the club's size, and the latest of them by name."""
    shown = ShelfEntry.objects.filter(
        book=pick.book_id,
        user__club_memberships__club=club,
        user__club_memberships__hide_progress=False,
    ).exclude(progress_mark="")
    at = Counter()
    for mark, count in shown.values_list("progress_mark").annotate(count=Count("pk")).order_by():
        at[Progress.from_mark(mark)] += count
    latest = shown.select_related("user").order_by("-progress_at", "-pk")[:PROGRESS_SHOWN]
    return {
        "at": at,
        "count": at.total(),
        "latest": [Reader(entry.user.name, entry.user.get_absolute_url(), entry.progress) for entry in latest],
    }


@shared_page(access.tags, params=("page",), gate=access.club_discussions_gate, gate_in_tags=True)
def board(request, slug):
    club = get_object_or_404(Club, slug=slug)
    page = Paginator(club.threads.for_board(), THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "clubs/board.html", {"club": club, "page_obj": page, "threads": page.object_list})


def _member_club(request, slug):
    """The club, for a signed-in reader it is visible to (else 404), with their membership."""
    club, _ = access.visible_club(request, slug)
    club = Club.objects.select_related("current_book").get(pk=club.pk)
    return club, services.membership_of(club, request.user)


@login_required
def thread_new(request, slug):
    club, membership = _member_club(request, slug)
    if membership is None:
        raise PermissionDenied("Only the club's members can start a thread.")
    if request.method == "GET":
        require_member_who_can_post(request.user)  # said before they type, not after
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not refuse_if_too_fast(request.user, form):
        write = partial(
            discussions.thread_create, book=club.current_book, club=club, starter=request.user, **form.cleaned_data
        )
        started = save_or_explain(form, write)
        if started:
            messages.success(request, "Your thread is started.")
            return redirect(started[0])
    return render(request, "clubs/thread_new.html", {"club": club, "form": form}, status=form_status(form))


@login_required
def join(request, slug):
    """Join a public club (one click), or ask to join a closed one (a note for the organisers)."""
    club, membership = _member_club(request, slug)
    if membership is not None:
        messages.info(request, "You are already a member.")
        return redirect(club)
    if club.visibility == Visibility.PRIVATE:
        raise Http404("No such club.")
    form = JoinRequestForm(request.POST or None)
    if club.visibility == Visibility.PUBLIC:
        if request.method != "POST":
            return redirect(club)
        try:
            services.club_join(club=club, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Welcome to {club.name}.")
        return redirect(club)
    if request.method == "POST" and form.is_valid():
        write = partial(services.club_request, club=club, user=request.user, message=form.cleaned_data["message"])
        if save_or_explain(form, write):
            messages.success(request, "Your request is sent: an organiser will answer.")
            return redirect(club)
    return render(request, "clubs/join_request.html", {"club": club, "form": form}, status=form_status(form))


@login_required
def leave(request, slug):
    club, membership = _member_club(request, slug)
    if membership is None:
        request_withdrawn = JoinRequest.objects.filter(club=club, user=request.user).exists()
        if request.method == "POST" and request_withdrawn:
            services.request_withdraw(club=club, user=request.user)
            messages.success(request, "Your request is withdrawn.")
        return redirect(club)
    others = club.memberships.exclude(user=request.user).select_related("user").order_by("-role", "joined_at")
    form = LeaveForm(request.POST or None)
    form.fields["successor"].choices = [("", "(choose)")] + [(m.user.username, m.user.name) for m in others[:500]]
    if request.method == "POST" and form.is_valid():
        successor = User.objects.filter(username=form.cleaned_data["successor"]).first()
        left = save_or_explain(
            form, lambda: services.club_leave(club=club, user=request.user, successor=successor) or True
        )
        if left:
            messages.success(request, f"You have left {club.name}.")
            return redirect("clubs:yours")
    context = {"club": club, "form": form, "membership": membership}
    return render(request, "clubs/leave.html", context, status=form_status(form))


@login_required
def my_settings(request, slug):
    club, membership = _member_club(request, slug)
    if membership is None:
        raise Http404("No such membership.")
    if request.method == "POST":
        hide = request.POST.get("hide_progress") == "on"
        services.membership_settings(club=club, user=request.user, hide_progress=hide)
        messages.success(request, "Your progress is hidden from the club." if hide else "The club sees your progress.")
        return redirect(club)
    return render(request, "clubs/my_settings.html", {"club": club, "membership": membership})


@login_required
def edit(request, slug):
    club, _membership = _member_club(request, slug)
    services.require_organiser(club, request.user)
    form = ClubForm(request.POST or None, request.FILES or None, instance=Club.objects.get(pk=club.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        saved = save_or_explain(form, lambda: services.club_update(club=club, by=request.user, **fields))
        if saved:
            messages.success(request, "The club is saved.")
            return redirect(saved)
    return render(request, "clubs/club_form.html", {"form": form, "club": club}, status=form_status(form))


@login_required
def members(request, slug):
    """Everyone in the club; for organisers, the requests waiting and the controls."""
    club, membership = _member_club(request, slug)
    if not club.readable_by(request.user, membership and membership.role):
        raise Http404("No such club.")
    everyone = club.memberships.select_related("user").order_by("-role", "joined_at", "pk")
    page = Paginator(everyone, 100).get_page(request.GET.get("page"))
    organising = membership is not None and membership.organises
    context = {
        "club": club,
        "membership": membership,
        "page_obj": page,
        "memberships": page.object_list,
        "organising": organising,
        "requests": club.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")
        if organising
        else [],
        "bans": club.bans.select_related("user") if organising else [],
        "decision_form": DecisionForm(),
    }
    return render(request, "clubs/members.html", context)


MEMBER_ACTIONS = {
    "promote": lambda club, by, member, reason: services.member_set_role(
        club=club, by=by, member=member, role=Role.ORGANISER
    ),
    "demote": lambda club, by, member, reason: services.member_set_role(
        club=club, by=by, member=member, role=Role.MEMBER
    ),
    "remove": lambda club, by, member, reason: services.member_remove(club=club, by=by, member=member),
    "ban": lambda club, by, member, reason: services.member_remove(
        club=club, by=by, member=member, ban=True, reason=reason
    ),
    "unban": lambda club, by, member, reason: services.member_unban(club=club, by=by, member=member),
    "transfer": lambda club, by, member, reason: services.ownership_transfer(club=club, by=by, to=member),
}
DONE = {
    "promote": "{} is now an organiser.",
    "demote": "{} is now a member.",
    "remove": "{} is no longer a member.",
    "ban": "{} is removed and cannot join again.",
    "unban": "{} may join again.",
    "transfer": "{} now owns the club.",
}


@login_required
@require_POST
def member_action(request, slug, username):
    club, _ = _member_club(request, slug)
    services.require_organiser(club, request.user)
    member = get_object_or_404(User, username=username)
    action = request.POST.get("action")
    if action not in MEMBER_ACTIONS:
        messages.error(request, "Choose what to do.")
    else:
        try:
            MEMBER_ACTIONS[action](club, request.user, member, request.POST.get("reason", "")[:300])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, DONE[action].format(member.name))
    return redirect("clubs:members", club.slug)


@login_required
@require_POST
def request_decide(request, slug, pk):
    club, _ = _member_club(request, slug)
    services.require_organiser(club, request.user)
    join_request = get_object_or_404(JoinRequest.objects.select_related("user"), pk=pk, club=club)
    approve = request.POST.get("action") == "approve"
    form = DecisionForm(request.POST)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    try:
        services.request_decide(join_request=join_request, by=request.user, approve=approve, answer=answer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = join_request.user.name
        messages.success(request, f"{name} is now a member." if approve else f"{name}'s request is declined.")
    return redirect("clubs:members", club.slug)


@login_required
def invitations(request, slug):
    club, _ = _member_club(request, slug)
    services.require_organiser(club, request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = save_or_explain(
            form, lambda: services.invitation_create(club=club, by=request.user, **form.cleaned_data)
        )
        if made:
            services.invitation_send(invitation=made, url=request.build_absolute_uri(made.get_absolute_url()))
            sent = f" and sent to {made.email}" if made.email else ""
            messages.success(request, f"The invitation is ready{sent}: its link is below.")
            return redirect("clubs:invitations", club.slug)
    live = club.invitations.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).select_related("invitee")
    context = {"club": club, "form": form, "invitations": live.order_by("-created_at")}
    return render(request, "clubs/invitations.html", context, status=form_status(form))


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    club, _ = _member_club(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, club=club)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, "The invitation is withdrawn: its link no longer works.")
    return redirect("clubs:invitations", club.slug)


@login_required
def invitation(request, token):
    """An invitation's link: who invites, to what, and a button to accept. A bad link is a 404."""
    found = get_object_or_404(Invitation.objects.select_related("club"), token=token)
    club = found.club
    if services.membership_of(club, request.user):
        return redirect(club)
    error = found.problem()
    if request.method == "POST" and error is None:
        try:
            services.invitation_accept(invitation=found, user=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, f"Welcome to {club.name}.")
            return redirect(club)
    return render(
        request,
        "clubs/invitation.html",
        {"club": club, "invitation": found, "error": error},
        status=400 if error else 200,
    )


@login_required
def pick(request, slug):
    club, _ = _member_club(request, slug)
    services.require_organiser(club, request.user)
    came_back = book_came_back(request)
    form = PickForm(request.POST or None, initial={"book": came_back.get_absolute_url()} if came_back else None)
    if request.method == "POST" and form.is_valid():
        write = partial(services.pick_set, club=club, by=request.user, **form.cleaned_data)
        made = save_or_explain(form, write)
        if made:
            messages.success(request, f"The club now reads {made.book.title}: set its schedule.")
            return redirect("clubs:schedule", club.slug)
    context = {"club": club, "form": form, "came_back": came_back}
    return render(request, "clubs/pick.html", context, status=form_status(form))


# The editions a schedule may count in (a book with hundreds offers the newest).
EDITIONS_OFFERED = 100


@login_required
def schedule(request, slug):
    club, _ = _member_club(request, slug)
    services.require_organiser(club, request.user)
    current = club.picks.filter(is_current=True).select_related("book", "edition").first()
    if current is None:
        messages.info(request, "Choose the book first.")
        return redirect("clubs:pick", club.slug)
    saved = [
        {"label": m.label, "chapter": m.chapter, "page": m.page, "percent": m.percent, "due_on": m.due_on}
        for m in current.milestones.all()
    ]
    editions = list(Edition.objects.filter(book=current.book_id).in_order()[:EDITIONS_OFFERED])
    if current.edition and current.edition not in editions:
        editions.insert(0, current.edition)
    formset = milestone_formset(saved)(request.POST or None, initial=saved, prefix="milestone")
    version = ScheduleVersionForm(
        request.POST or None,
        initial={"version": current.schedule_version, "edition": current.edition_id},
        editions=editions,
    )
    errors, stale, asking = [], None, {}
    if request.method == "POST" and formset.is_valid() and version.is_valid():
        edition = version.cleaned_data.get("edition") or current.edition
        chosen = [f for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        milestones = [dict(f.cleaned_data) for f in chosen]
        current.edition = edition
        asking = services.chapter_ends_wanted(current, milestones)
        # A chapter saved before without its page was asked about then: not again.
        for unknown in {m["chapter"] for m in saved if m["chapter"] and m["page"] is None}:
            asking.pop(unknown, None)
        if asking and not request.POST.get("asked"):
            # Asked once, with an estimate where the edition's chapters allow one: the organiser checks
            # the pages against the book and saves again (or leaves a page empty when they cannot say).
            shown = _with_pages(request.POST, chosen, milestones, asking)
            formset = milestone_formset(saved)(shown, initial=saved, prefix="milestone")
        else:
            asking = {}
            try:
                services.schedule_save(
                    pick=current,
                    by=request.user,
                    milestones=milestones,
                    version=version.cleaned_data["version"],
                    edition=edition,
                )
            except ValidationError as error:
                errors = error.messages
                if getattr(error, "code", None) == "stale":
                    # Their typed schedule stays in the form; the one saved meanwhile is shown beside it, and
                    # saving again (knowingly) replaces it.
                    current.refresh_from_db()
                    version = ScheduleVersionForm(
                        initial={"version": current.schedule_version, "edition": current.edition_id},
                        editions=editions,
                    )
                    stale = list(current.milestones.all())
            else:
                messages.success(request, "The schedule is saved; each milestone has its thread.")
                if "more" in request.POST:
                    return redirect("clubs:schedule", club.slug)  # with empty rows for the next milestones
                return redirect(club)
    status = 400 if errors or (request.method == "POST" and not formset.is_valid()) else 200
    context = {
        "club": club,
        "pick": current,
        "formset": formset,
        "version_form": version,
        "errors": errors,
        "stale": stale,
        "asking": asking,
        "estimated": any(asking.values()),
    }
    return render(request, "clubs/schedule.html", context, status=status)


def _with_pages(data, forms, milestones, estimates):
    """The posted schedule with each chapter's page filled in, to be shown again: where the edition is
    known to end it, else the estimate."""
    data = data.copy()
    for form, milestone in zip(forms, milestones, strict=True):
        if form.cleaned_data.get("page") is not None:
            continue
        page = milestone.get("page") or estimates.get(milestone.get("chapter"))
        if page:
            data[form.add_prefix("page")] = str(page)
    return data
