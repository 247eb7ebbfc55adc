from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from accounts.models import User
from books.models import Book
from core.http import local_redirect

from .models import Shelf, ShelfEntry
from .services import shelf_set

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
    entries = ShelfEntry.objects.filter(user=person, shelf=shelf).for_listing().order_by("-updated_at", "-pk")
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    counts = ShelfEntry.objects.shelf_counts(person)
    tabs = [{"value": value, "label": label, "count": counts[value]} for value, label in Shelf.choices]
    return render(
        request,
        "shelves/shelves.html",
        {"person": person, "shelf": Shelf(shelf), "tabs": tabs, "page_obj": page, "entries": page.object_list},
    )
