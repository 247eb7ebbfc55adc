"""A member's notifications, their mail settings, and the one-click way out of mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from accounts.models import User
from clubs.models import Club

from . import mail, services
from .forms import PreferencesForm
from .models import DEFAULT_FREQUENCY, EmailPreference, Notification

PER_PAGE = 30


@login_required
def index(request):
    found = Notification.objects.seen_by(request.user).select_related("club").order_by("-created_at", "-pk")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/index.html", {"page_obj": page, "notifications": page.object_list})


@login_required
def open_notification(request, pk):
    """Mark it read and go where it points."""
    notification = get_object_or_404(Notification.objects.seen_by(request.user), pk=pk)
    services.mark_read(user=request.user, pks=[notification.pk])
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        raise Http404("No such notification.")
    return redirect(notification.url)


@login_required
def mark_all_read(request):
    if request.method == "POST":
        services.mark_read(user=request.user)
        messages.success(request, "All your notifications are marked read.")
    return redirect("notifications:index")


@login_required
def preferences(request):
    clubs = list(Club.objects.filter(memberships__user=request.user).order_by("name"))
    chosen = dict(EmailPreference.objects.filter(user=request.user).values_list("club", "frequency"))
    chosen = {key: chosen.get(key, DEFAULT_FREQUENCY) for key in [None, *(club.pk for club in clubs)]}
    form = PreferencesForm(request.POST or None, clubs=clubs, chosen=chosen)
    if request.method == "POST" and form.is_valid():
        for club, frequency in form.choices():
            services.preference_set(user=request.user, club=club, frequency=frequency)
        messages.success(request, "Your mail settings are saved.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form}, status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058: mail programs post the one click without a session; the signed link is the key
def unsubscribe(request, token):
    try:
        user_id, club_id = mail.read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404("This link is not valid.") from None
    user = get_object_or_404(User, pk=user_id)
    club = None if club_id == mail.EVERYTHING else Club.objects.filter(pk=club_id).first()
    if club_id != mail.EVERYTHING and club is None:
        raise Http404("This club is gone.")
    if request.method == "POST":
        services.unsubscribe(user=user, club=club, everything=club is None)
        return render(request, "notifications/unsubscribed.html", {"club": club})
    return render(request, "notifications/unsubscribe.html", {"club": club, "token": token})
