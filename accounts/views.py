from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from .forms import ProfileForm
from .models import User

PROFILE_REVIEWS = 20


def profile(request, username):
    """A reader's page: who they are and their latest reviews (imported reviewers too)."""
    person = get_object_or_404(User, username=username)
    # Through the reverse relation: accounts sits below reviews and does not import it.
    reviews = person.reviews.listed().select_related("book").newest_first()[:PROFILE_REVIEWS]
    return render(
        request,
        "accounts/profile.html",
        {"person": person, "reviews": reviews, "review_count": person.reviews.listed().count()},
    )


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile_edit")
    return render(request, "accounts/profile_edit.html", {"form": form})
