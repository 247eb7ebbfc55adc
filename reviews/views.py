from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import refuse_if_too_fast, require_member_who_can_post, too_fast
from books.models import Book
from core.forms import form_status, save_or_explain
from core.http import local_redirect

from . import services
from .forms import CommentForm, ReviewForm
from .models import Review


@login_required
def review_write(request, slug):
    """Rate and/or review a book: a member's one review of it, created or edited here."""
    book = get_object_or_404(Book, slug=slug)
    if request.method == "GET":
        require_member_who_can_post(request.user)  # said before they type, not after
    review = Review.objects.by_members().filter(book=book, reviewer=request.user).first()
    form = ReviewForm.for_review(review, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not refuse_if_too_fast(request.user, form):
        write = partial(services.review_save, book=book, reviewer=request.user, review=review, **form.cleaned_data)
        if save_or_explain(form, write):
            messages.success(request, "Your review is saved." if form.cleaned_data["body"] else "Your rating is saved.")
            return redirect(book.get_absolute_url() + "#your-review")
    return render(
        request,
        "reviews/review_form.html",
        {"book": book, "form": form, "review": review},
        status=form_status(form),
    )


@login_required
@require_POST
def rate(request, slug):
    """One click on the stars: the member's rating, with or without a review; back to the stars."""
    book = get_object_or_404(Book, slug=slug)
    back = f"{book.get_absolute_url()}#rate"
    choice = request.POST.get("rating", "")
    if choice not in {"", "1", "2", "3", "4", "5"}:
        messages.error(request, "A rating is from 1 to 5 stars.")
        return redirect(back)
    refused = too_fast(request.user, "like")
    if refused:
        messages.error(request, refused)
        return redirect(back)
    try:
        services.rating_save(book=book, member=request.user, rating=int(choice) if choice else None)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        stars = f"{choice} star{'s' if choice != '1' else ''}"
        messages.success(request, f"You rated {book.title} {stars}." if choice else "Your rating is removed.")
    return redirect(back)


@login_required
def review_delete(request, pk):
    review = get_object_or_404(Review.objects.select_related("book"), pk=pk)
    services.require_review_author(review=review, user=request.user)
    if request.method == "POST":
        services.review_delete(review=review, user=request.user)
        messages.success(request, "Your review is deleted.")
        return redirect(review.book.get_absolute_url())
    return render(request, "reviews/review_confirm_delete.html", {"review": review})


COMMENTS_PER_PAGE = 50


def visible_to(user):
    """What a reader sees of comments: those not hidden, and their own hidden ones (marked so)."""
    return Q(is_hidden=False) | Q(author=user) if user.is_authenticated else Q(is_hidden=False)


def review_detail(request, pk, comment_form=None):
    """One review with its whole comment thread, paginated, and the form to add to it."""
    review = get_object_or_404(Review.objects.listed().for_display(recent_comments=False).select_related("book"), pk=pk)
    comments = review.comments.filter(visible_to(request.user)).select_related("author").order_by("created_at", "pk")
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "book": review.book,
            "page_obj": page,
            "comments": page.object_list,
            "comment_form": comment_form or CommentForm(),
        },
        status=form_status(comment_form) if comment_form is not None else 200,
    )


@login_required
@require_POST
def comment_create(request, pk):
    review = get_object_or_404(Review.objects.listed(), pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid() or refuse_if_too_fast(request.user, form):
        return review_detail(request, pk, comment_form=form)
    write = partial(services.comment_create, review=review, author=request.user, body=form.cleaned_data["body"])
    comment = save_or_explain(form, write)
    if comment is None:
        return review_detail(request, pk, comment_form=form)
    messages.success(request, "Your comment is posted.")
    last_page = (review.comments.count() - 1) // COMMENTS_PER_PAGE + 1
    return redirect(f"{review.get_absolute_url()}?page={last_page}#{comment.anchor}")


@login_required
@require_POST
def like_toggle(request, pk):
    review = get_object_or_404(Review.objects.listed().select_related("book"), pk=pk)
    refused = too_fast(request.user, "like")
    if refused:
        messages.error(request, refused)
    else:
        try:
            services.like_toggle(review=review, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return local_redirect(request, request.POST.get("next", ""), f"{review.book.get_absolute_url()}#{review.anchor}")
