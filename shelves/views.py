from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from books.models import Book, Edition
from core.forms import form_status, save_or_explain
from core.http import local_redirect

from .forms import ProgressForm, progress_initial
from .holes import MAX_EDITIONS_OFFERED
from .models import ProgressUpdate, Shelf, ShelfEntry, ShelfTag
from .services import progress_record, shelf_set

HISTORY = 100

ENTRIES_PER_PAGE = 30


@login_required
@require_POST
def shelve(request, slug):
    book = get_object_or_404(Book, slug=slug)
    choice = request.POST.get("shelf", "")
    if choice not in Shelf.values and choice != "none":
        messages.error(request, "Choose want to read, currently reading, read, or no shelf.")
    else:
        shelf_set(user=request.user, book=book, shelf=None if choice == "none" else choice)
        label = Shelf(choice).label.lower() if choice != "none" else None
        messages.success(
            request, f"{book.title} is on your {label} shelf." if label else f"{book.title} is off your shelves."
        )
    return local_redirect(request, request.POST.get("next", ""), f"{book.get_absolute_url()}#shelf")


def shelves(request, username):
    person = get_object_or_404(User, username=username)
    shelf = request.GET.get("shelf") if request.GET.get("shelf") in Shelf.values else Shelf.READ
    # The member's own labels (a Goodreads library's custom shelves) cut across the three shelves.
    tags = list(
        ShelfTag.objects.filter(entry__user=person).values_list("name").annotate(n=Count("pk")).order_by("name")
    )
    tag = request.GET.get("tag", "")
    if tag and tag in {name for name, _ in tags}:
        entries = ShelfEntry.objects.filter(user=person, tags__name=tag)
    else:
        tag = ""
        entries = ShelfEntry.objects.filter(user=person, shelf=shelf)
    entries = entries.for_listing().order_by("-updated_at", "-pk")
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    counts = ShelfEntry.objects.shelf_counts(person)
    tabs = [{"value": value, "label": label, "count": counts[value]} for value, label in Shelf.choices]
    return render(
        request,
        "shelves/shelves.html",
        {
            "person": person,
            "shelf": Shelf(shelf),
            "tabs": tabs,
            "tags": [{"name": name, "count": n} for name, n in tags],
            "tag": tag,
            "page_obj": page,
            "entries": page.object_list,
            # Their own books being read: each card links to record where they are.
            "own_reading": shelf == Shelf.CURRENTLY_READING and request.user.pk == person.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress(request, slug):
    """Record where the member is in a book (from the book page, their shelf or a locked thread), and
    their reading history of it. A refusal shows the form again with what they typed."""
    book = get_object_or_404(Book.objects.select_related("main_edition"), slug=slug)
    entry = ShelfEntry.objects.filter(user=request.user, book=book).select_related("edition").first()
    current = entry.progress if entry else None
    editions = list(Edition.objects.filter(book=book).in_order()[:MAX_EDITIONS_OFFERED])
    form = ProgressForm(
        request.POST or None,
        initial=progress_initial(book, entry),
        editions=editions,
        auto_id=f"progress-{book.pk}-%s",
    )
    if request.method == "POST" and form.is_valid():
        saved = save_or_explain(form, lambda: progress_record(user=request.user, book=book, **form.cleaned_data))
        if saved:
            messages.success(request, f"Progress saved: {saved.progress.label()}.")
            return local_redirect(request, request.POST.get("next", ""), f"{book.get_absolute_url()}#shelf")
    updates = ProgressUpdate.objects.filter(user=request.user, book=book).order_by("-created_at", "-pk")[:HISTORY]
    context = {"book": book, "form": form, "progress": current, "updates": updates}
    return render(request, "shelves/progress.html", context, status=form_status(form))
