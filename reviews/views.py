from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from books.models import Book

from . import services
from .forms import ReviewForm
from .models import Review


def _require_confirmed(request):
    if not request.user.has_verified_email():
        raise PermissionDenied("Confirm your e-mail address before posting.")


@login_required
def review_write(request, slug):
    """Rate and/or review a book: a member's one review of it, created or edited here."""
    book = get_object_or_404(Book, slug=slug)
    _require_confirmed(request)
    review = Review.objects.by_members().filter(book=book, reviewer=request.user).first()
    form = ReviewForm.for_review(review, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save(book=book, reviewer=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your review is saved." if form.cleaned_data["body"] else "Your rating is saved.")
            return redirect(book.get_absolute_url() + "#your-review")
    return render(request, "reviews/review_form.html", {"book": book, "form": form, "review": review})


@login_required
def review_delete(request, pk):
    review = get_object_or_404(Review.objects.select_related("book"), pk=pk)
    if review.reviewer_id != request.user.pk or review.source != Review.Source.MEMBER:
        raise PermissionDenied("Only its author can delete a review.")
    if request.method == "POST":
        services.review_delete(review=review, user=request.user)
        messages.success(request, "Your review is deleted.")
        return redirect(review.book.get_absolute_url())
    return render(request, "reviews/review_confirm_delete.html", {"review": review})
