from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pagecache.cache import shared_page

from . import services
from .cache import member_tag
from .forms import ProfileForm
from .models import User

PROFILE_REVIEWS = 20
PEOPLE_PER_PAGE = 50
SHELF_LABELS = {"want_to_read": "Want to read", "currently_reading": "Currently reading", "read": "Read"}


@shared_page(lambda username: [member_tag(username)])
def profile(request, username):
    """A reader's page: who they are, their figures and their latest reviews (imported reviewers too)."""
    person = get_object_or_404(User, username=username)
    # Reviews and shelves through reverse relations: accounts sits below those apps.
    reviews = person.reviews.listed().select_related("book").newest_first()[:PROFILE_REVIEWS]
    by_shelf = dict(person.shelf_entries.order_by().values_list("shelf").annotate(n=Count("pk")))
    context = {
        "person": person,
        "reviews": reviews,
        "review_count": person.reviews.listed().count(),
        "rating_count": person.reviews.by_members().visible().filter(rating__isnull=False).count(),
        "follower_count": person.follower_links.count(),
        "following_count": person.following_links.count(),
        "shelves": [(value, label, by_shelf.get(value, 0)) for value, label in SHELF_LABELS.items()],
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def follow_toggle(request, username):
    person = get_object_or_404(User, username=username)
    try:
        if request.POST.get("action") == "unfollow":
            services.unfollow(follower=request.user, followed=person)
            messages.success(request, f"You no longer follow {person.name}.")
        else:
            services.follow(follower=request.user, followed=person)
            messages.success(request, f"You follow {person.name}.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(person.get_absolute_url())


def _people(request, person, links, title):
    page = Paginator(links.order_by("-created_at", "-pk"), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/people.html", {"person": person, "page_obj": page, "title": title})


def followers(request, username):
    person = get_object_or_404(User, username=username)
    links = person.follower_links.select_related("follower")
    return _people(request, person, links, f"People who follow {person.name}")


def following(request, username):
    person = get_object_or_404(User, username=username)
    links = person.following_links.select_related("followed")
    return _people(request, person, links, f"People {person.name} follows")


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile_edit")
    return render(request, "accounts/profile_edit.html", {"form": form})
