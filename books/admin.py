from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import Author, AuthorRedirect, Book, BookRedirect, Edition, Series, SeriesRedirect


class BookInSeriesInline(admin.TabularInline):
    model = Book
    fields = ("series_position", "title", "slug", "first_published")
    ordering = ("series_position", "title")
    extra = 0
    show_change_link = True


class EditionInline(admin.TabularInline):
    model = Edition
    fk_name = "book"
    fields = ("format", "format_detail", "isbn13", "language", "pages", "audio_seconds", "chapters", "publisher")
    extra = 0
    show_change_link = True


@admin.register(Author)
class AuthorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "openlibrary_id", "source_book_count", "source_follower_count", "updated_at")
    list_filter = ("created_at",)
    search_fields = ("name", "bio", "=openlibrary_id")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Series)
class SeriesAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "book_count", "updated_at")
    list_filter = ("created_at",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [BookInSeriesInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(book_count=Count("books"))

    @admin.display(description="books", ordering="book_count")
    def book_count(self, series):
        return series.book_count


@admin.register(Book)
class BookAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "author_names",
        "series",
        "series_position",
        "first_published",
        "added_by",
        "created_at",
        "needs_review",
    )
    list_select_related = ("series", "added_by")
    list_filter = ("needs_review", "series")
    search_fields = ("title", "description", "authors__name", "series__name", "=editions__isbn13", "=openlibrary_id")
    autocomplete_fields = ("authors", "series")
    raw_id_fields = ("added_by",)
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "first_published"
    inlines = [EditionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description="authors")
    def author_names(self, book):
        return ", ".join(author.name for author in book.authors.all())


@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "book", "format", "isbn13", "language", "pages", "added_by", "created_at")
    list_select_related = ("book", "added_by")
    list_filter = ("format",)
    search_fields = ("=isbn13", "=isbn10", "title", "book__title", "=openlibrary_id")
    raw_id_fields = ("book", "added_by")
    autocomplete_fields = ("translators",)


@admin.register(BookRedirect, AuthorRedirect, SeriesRedirect)
class RedirectAdmin(admin.ModelAdmin):
    """The addresses merges left: read only, as they must answer for ever."""

    list_display = ("slug", "target", "old_id", "created_at")
    search_fields = ("slug",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
