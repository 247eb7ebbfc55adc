"""The open catalogue's pages: adding a book (ISBN first, duplicates shown before anything is saved),
adding an edition, editing, a book's history, flags, and the librarians' desk and merges.

Who may do what is decided by catalogue.services; the views ask and never decide. None of these pages
is shared (they are forms, or a librarian's own view): a book's pages show what they change from the
cache, made stale by the models' declarations.
"""

import hashlib
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.signing import Signer
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import refuse_if_too_fast, require_member_who_can_post
from books.models import Author, Book, Edition, Series
from core.forms import form_status, save_or_explain
from core.text import normalise

from . import services
from .duplicates import edition_with_isbn, likely_duplicates
from .forms import (
    BookEditForm,
    BookForm,
    EditionForm,
    FindForm,
    FlagForm,
    NameForm,
    PickRowForm,
    edition_initial,
    names,
)
from .history import book_log
from .models import Flag, Merge, PendingEdit

SIGNER = Signer(salt="catalogue.confirmed-new")
ADD = reverse_lazy("catalogue:add")
# The book form's fields filled from what the member looked for: {book form field: find form field}.
DETAILS_FROM_FIND = {"isbn": "isbn", "title": "title", "authors": "author"}


# --- Going back to where the member came from ----------------------------------------------------


def _next(request):
    """The local address the member came from (a club's pick form, a vote's nomination form), or ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    hosts = {request.get_host()}
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, hosts, require_https=request.is_secure()):
        return target
    return ""


def _back_with(request, book):
    """Back where the member came from, with the book they added (the form there takes it), else to the
    book's page."""
    target = _next(request)
    if target:
        joiner = "&" if "?" in target else "?"
        return HttpResponseRedirect(f"{target}{joiner}book={book.slug}")
    return redirect(book)


# --- Adding --------------------------------------------------------------------------------------


def _signature(title, authors, isbn13):
    return hashlib.sha256(
        "|".join([Book.make_title_key(title), *sorted(normalise(a) for a in authors), isbn13 or ""]).encode()
    ).hexdigest()[:32]


@login_required
def add(request):
    """Add a book: first look for it (by ISBN, or by title and author); then the book and its edition,
    in one form. Before anything is saved the books it may duplicate are shown: "Is it one of these?"
    leads to adding an edition to that book, or to saying it is a different book."""
    require_member_who_can_post(request.user)
    step = request.POST.get("step", "find") if request.method == "POST" else "find"
    context = {"next": _next(request), "candidates": []}
    if request.method == "GET" and request.GET.get("step") == "details":
        # "None of these": the book and its edition, with what was looked for.
        typed = {name: request.GET.get(source, "")[:300] for name, source in DETAILS_FROM_FIND.items()}
        context.update(form=BookForm(initial=typed), find=None)
        return render(request, "catalogue/add.html", context)
    if step == "find":
        asked = request.POST if request.method == "POST" else request.GET
        find = FindForm(asked if (request.method == "POST" or asked.get("isbn") or asked.get("title")) else None)
        if find.is_bound and find.is_valid():
            isbn13 = (find.cleaned_data.get("isbn") or ("", ""))[0]
            holder = edition_with_isbn(isbn13)
            if holder is not None:
                messages.info(request, f"{holder.book.title} is in the catalogue already, with that ISBN.")
                return _back_with(request, holder.book)
            candidates = likely_duplicates(
                title=find.cleaned_data.get("title", ""), author_names=names(find.cleaned_data.get("author", ""))
            )
            looked_for = {source: asked.get(source, "") for source in DETAILS_FROM_FIND.values()}
            if candidates:
                # "Is it one of these?" first; the long form only once they say it is none of them.
                details = {"step": "details", **looked_for, **({"next": context["next"]} if context["next"] else {})}
                context.update(
                    find=None,
                    form=None,
                    candidates=candidates,
                    searched=True,
                    details_url=f"{ADD}?{urlencode(details)}",
                )
                return render(request, "catalogue/add.html", context)
            form = BookForm(initial={name: looked_for[source] for name, source in DETAILS_FROM_FIND.items()})
            context.update(find=None, form=form, searched=True)
            return render(request, "catalogue/add.html", context)
        context.update(find=find, form=None)
        return render(request, "catalogue/add.html", context, status=400 if find.errors else 200)

    form = BookForm(request.POST, request.FILES)
    if not form.is_valid():
        context.update(form=form, find=None)
        return render(request, "catalogue/add.html", context, status=400)
    values = form.book_values()
    isbn13 = (form.cleaned_data.get("isbn") or ("", ""))[0]
    signature = _signature(values["title"], values["authors"], isbn13)
    confirmed = SIGNER.unsign(form.cleaned_data["confirmed"]) if _signed(form.cleaned_data["confirmed"]) else ""
    if confirmed != signature:
        candidates = likely_duplicates(title=values["title"], author_names=values["authors"], isbn13=isbn13)
        if candidates:
            # Asked once for what they typed: saving again unchanged says "it is a different book".
            data = request.POST.copy()
            data["confirmed"] = SIGNER.sign(signature)
            form = BookForm(data)
            form.is_valid()
            context.update(form=form, find=None, candidates=candidates, confirming=True)
            return render(request, "catalogue/add.html", context)
    if refuse_if_too_fast(request.user, form):
        context.update(form=form, find=None)
        return render(request, "catalogue/add.html", context, status=400)
    book = save_or_explain(form, partial(services.book_add, by=request.user, edition=form.edition_values(), **values))
    if book is None:
        context.update(form=form, find=None)
        return render(request, "catalogue/add.html", context, status=form_status(form))
    messages.success(request, f"{book.title} is in the catalogue: a librarian will check it. Thank you.")
    return _back_with(request, book)


def _signed(value):
    try:
        SIGNER.unsign(value)
    except Exception:
        return False
    return True


@login_required
def edition_add(request, slug):
    """Add an edition to a book (from its page, or "Is it one of these?" with what was typed there)."""
    book = get_object_or_404(Book.objects.select_related("main_edition"), slug=slug)
    require_member_who_can_post(request.user)
    posted = request.method == "POST"
    initial = {"isbn": request.GET.get("isbn", "")}
    form = EditionForm(request.POST if posted else None, request.FILES if posted else None, initial=initial)
    if posted and form.is_valid() and not refuse_if_too_fast(request.user, form):
        fields = form.edition_values()
        made = save_or_explain(
            form,
            partial(
                services.edition_add,
                book=book,
                by=request.user,
                translators=names(form.cleaned_data.get("translators")),
                **fields,
            ),
        )
        if made:
            messages.success(request, f"Your edition of {book.title} is added.")
            return _back_with(request, book)
    context = {"book": book, "form": form, "next": _next(request)}
    return render(request, "catalogue/edition_form.html", context, status=form_status(form) if posted else 200)


# --- Editing -------------------------------------------------------------------------------------


def _editable_book(request, slug):
    book = get_object_or_404(Book.objects.select_related("series", "main_edition"), slug=slug)
    services.require_may_edit(request.user, book)
    return book


def _done(request, outcome, book, saved_text):
    if outcome == "waiting":
        messages.info(
            request,
            f"Many members have {book.title} on their shelves: your change waits for a librarian's approval.",
        )
    else:
        messages.success(request, saved_text)
    return redirect(book)


@login_required
def book_edit(request, slug):
    book = _editable_book(request, slug)
    form = BookEditForm(request.POST or None, request.FILES or None, initial=BookEditForm.initial_for(book))
    if request.method == "POST" and form.is_valid():
        done = save_or_explain(
            form,
            partial(
                services.book_update,
                book=book,
                by=request.user,
                fields=form.book_fields(),
                author_names=form.cleaned_data["authors"],
            ),
        )
        if done:
            return _done(request, done[0], book, f"{book.title} is saved.")
    editions = Edition.objects.filter(book=book).in_order()[:100]
    context = {"book": book, "form": form, "editions": editions, "librarian": services.is_librarian(request.user)}
    return render(request, "catalogue/book_edit.html", context, status=form_status(form))


@login_required
def edition_edit(request, slug, pk):
    book = _editable_book(request, slug)
    edition = get_object_or_404(Edition.objects.prefetch_related("translators"), pk=pk, book=book)
    form = EditionForm(request.POST or None, request.FILES or None, initial=edition_initial(edition))
    if request.method == "POST" and form.is_valid():
        fields = form.edition_values()
        done = save_or_explain(
            form,
            partial(
                services.edition_update,
                edition=edition,
                by=request.user,
                fields=fields,
                translator_names=names(form.cleaned_data.get("translators")),
            ),
        )
        if done:
            return _done(request, done[0], book, "The edition is saved.")
    context = {"book": book, "edition": edition, "form": form, "librarian": services.is_librarian(request.user)}
    return render(request, "catalogue/edition_form.html", context, status=form_status(form))


@login_required
@require_POST
def main_edition(request, slug, pk):
    book = _editable_book(request, slug)
    edition = get_object_or_404(Edition, pk=pk, book=book)
    services.main_edition_set(book=book, edition=edition, by=request.user)
    messages.success(request, "The book's page now shows that edition first.")
    return redirect("catalogue:book_edit", book.slug)


@login_required
@require_POST
def check(request, slug):
    book = get_object_or_404(Book, slug=slug)
    services.book_check(book=book, by=request.user)
    messages.success(request, f"{book.title} is checked.")
    return redirect("catalogue:desk") if request.POST.get("back") == "desk" else redirect(book)


def _name_edit(request, model, slug, text_field):
    row = get_object_or_404(model, slug=slug)
    services.require_librarian(request.user)
    form = NameForm(request.POST or None, initial={"name": row.name, "text": getattr(row, text_field)})
    if request.method == "POST" and form.is_valid():
        fields = {"name": form.cleaned_data["name"], text_field: form.cleaned_data["text"]}
        saved = save_or_explain(form, partial(services.name_update, row=row, by=request.user, fields=fields))
        if saved:
            messages.success(request, f"{saved.name} is saved.")
            return redirect(saved)
    return render(request, "catalogue/name_form.html", {"row": row, "form": form}, status=form_status(form))


@login_required
def author_edit(request, slug):
    return _name_edit(request, Author, slug, "bio")


@login_required
def series_edit(request, slug):
    return _name_edit(request, Series, slug, "description")


# --- History -------------------------------------------------------------------------------------


def book_history(request, slug):
    """Every recorded change of the book and its editions, and the merges into it (public: the
    catalogue is everyone's). Librarians may revert a change."""
    book = get_object_or_404(Book.objects.select_related("added_by"), slug=slug)
    page = Paginator(book_log(book), 50).get_page(request.GET.get("page"))
    context = {
        "book": book,
        "page_obj": page,
        "entries": page.object_list,
        "librarian": services.is_librarian(request.user),
    }
    return render(request, "catalogue/history.html", context)


@login_required
@require_POST
def revert(request, slug, kind, history_id):
    book = get_object_or_404(Book, slug=slug)
    model = {"book": Book, "edition": Edition}.get(kind)
    if model is None:
        raise Http404("No such change.")
    record = get_object_or_404(model.history.all(), history_id=history_id)
    try:
        services.change_revert(record=record, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "That change is undone (and the undoing is in the history too).")
    return redirect("catalogue:book_history", book.slug)


# --- Flags ---------------------------------------------------------------------------------------


@login_required
def flag(request, slug):
    book = get_object_or_404(Book, slug=slug)
    require_member_who_can_post(request.user)
    form = FlagForm(request.POST or None, initial={"kind": request.GET.get("kind", "wrong")})
    if request.method == "POST" and form.is_valid() and not refuse_if_too_fast(request.user, form):
        data = form.cleaned_data
        made = save_or_explain(
            form,
            partial(
                services.flag_create,
                book=book,
                by=request.user,
                kind=data["kind"],
                duplicate_of=data.get("duplicate_of"),
                note=data.get("note", ""),
            ),
        )
        if made:
            messages.success(request, "Thank you: the librarians will look at it.")
            return redirect(book)
    return render(request, "catalogue/flag.html", {"book": book, "form": form}, status=form_status(form))


# --- Librarians ----------------------------------------------------------------------------------

DESK_ROWS = 50


@login_required
def desk(request):
    """The librarians' desk: books to check, members' reports, edits waiting, the latest changes."""
    services.require_librarian(request.user)
    unchecked = (
        Book.objects.filter(needs_review=True)
        .select_related("added_by", "main_edition")
        .prefetch_related("authors")
        .order_by("-created_at", "-pk")
    )
    context = {
        "unchecked": unchecked[:DESK_ROWS],
        "unchecked_count": unchecked.count(),
        "flags": Flag.objects.open().select_related("book", "duplicate_of", "flagged_by")[:DESK_ROWS],
        "pending": PendingEdit.objects.waiting().select_related("book", "edition", "proposed_by")[:DESK_ROWS],
        "recent": Book.history.select_related("history_user").order_by("-history_date")[:DESK_ROWS],
        "merges": Merge.objects.select_related("book", "author", "series", "merged_by")[:10],
    }
    return render(request, "catalogue/desk.html", context)


@login_required
@require_POST
def pending_decide(request, pk):
    edit = get_object_or_404(PendingEdit, pk=pk)
    approve = request.POST.get("action") == "approve"
    try:
        services.pending_edit_decide(edit=edit, by=request.user, approve=approve, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The edit is applied." if approve else "The edit is declined.")
    return redirect("catalogue:desk")


@login_required
@require_POST
def flag_resolve(request, pk):
    found = get_object_or_404(Flag, pk=pk)
    try:
        services.flag_resolve(flag=found, by=request.user, resolution=request.POST.get("resolution", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The report is dealt with.")
    return redirect("catalogue:desk")


MERGES = {
    "book": (Book, services.book_merge, "title"),
    "author": (Author, services.author_merge, "name"),
    "series": (Series, services.series_merge, "name"),
}


def _what_moves(kind, gone):
    """What a merge of gone would move, counted (shown before the librarian confirms it)."""
    if kind == "book":
        counted = Book.objects.filter(pk=gone.pk).aggregate(
            editions=Count("editions", distinct=True),
            reviews=Count("reviews", distinct=True),
            shelves=Count("shelf_entries", distinct=True),
            threads=Count("threads", distinct=True),
            picks=Count("club_picks", distinct=True),
        )
        return [(n, label) for label, n in counted.items()]
    if kind == "author":
        return [(gone.books.count(), "books"), (gone.translations.count(), "translations")]
    return [(gone.books.count(), "books")]


@login_required
def merge(request, kind, slug):
    """Merge another book (author, series) into this one, the one kept: choose it, see what moves,
    confirm. Librarians only."""
    if kind not in MERGES:
        raise Http404("Nothing merges here.")
    model, merge_them, label = MERGES[kind]
    keep = get_object_or_404(model, slug=slug)
    services.require_librarian(request.user)
    form = PickRowForm(request.POST or request.GET or None, model=model)
    gone = form.cleaned_data["other"] if form.is_bound and form.is_valid() else None
    if gone is not None and gone.pk == keep.pk:
        form.add_error("other", "That is this one: choose the other.")
        gone = None
    if gone is not None and request.method == "POST" and request.POST.get("confirm") == "yes":
        report = save_or_explain(form, partial(merge_them, keep=keep, gone=gone, by=request.user))
        if report is not None:
            messages.success(request, f"“{gone}” is merged into “{keep}”; its address leads here now.")
            return redirect(keep)
        gone = None
    context = {
        "kind": kind,
        "keep": keep,
        "gone": gone,
        "form": form,
        "label": label,
        "moves": _what_moves(kind, gone) if gone else [],
    }
    return render(request, "catalogue/merge.html", context, status=form_status(form))


@login_required
def edition_move(request, slug, pk):
    book = get_object_or_404(Book, slug=slug)
    edition = get_object_or_404(Edition, pk=pk, book=book)
    services.require_librarian(request.user)
    form = PickRowForm(request.POST or None)
    if request.method == "POST" and "split" in request.POST:
        made = save_or_explain(form, partial(services.edition_split, edition=edition, by=request.user))
        if made:
            messages.success(request, f"The edition is a book of its own now: {made.title}.")
            return redirect(made)
    elif request.method == "POST" and form.is_valid():
        moved = save_or_explain(
            form, partial(services.edition_move, edition=edition, to=form.cleaned_data["other"], by=request.user)
        )
        if moved:
            messages.success(request, f"The edition is moved to {moved.book.title}.")
            return redirect(moved.book)
    context = {"book": book, "edition": edition, "form": form}
    return render(request, "catalogue/edition_move.html", context, status=form_status(form))


# --- For forms that name an author -----------------------------------------------------------------


@require_GET
def author_names(request):
    """Up to ten authors whose name begins with (or, after a word, has) what was typed: the list an
    author field offers, for the page's script (JSON, never cached across members: it is the same for all)."""
    typed = normalise(request.GET.get("q", ""))[:100]
    if len(typed) < 2:
        return JsonResponse({"names": []})
    found = Author.objects.filter(name_key__startswith=typed).order_by("name_key")[:10]
    return JsonResponse({"names": [author.name for author in found]})


def book_came_back(request):
    """The book a member just added (or chose) from a form's "Add a book" link (?book=<slug>), or None:
    the form it returns to offers it."""
    slug = request.GET.get("book", "")
    return Book.objects.filter(slug=slug).first() if slug else None
