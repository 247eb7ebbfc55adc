from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import services
from .forms import ProfileForm
from .models import User
from .permissions import too_fast

PEOPLE_PER_PAGE = 50


@login_required
@require_POST
def follow_toggle(request, username):
    person = get_object_or_404(User, username=username)
    refused = too_fast(request.user, "follow")
    if refused:
        messages.error(request, refused)
        return redirect(person.get_absolute_url())
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
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile_edit")
    return render(request, "accounts/profile_edit.html", {"form": form})
