from django.contrib import admin
from django.db.models import Count

from .models import Author, Book, Series


class BookInSeriesInline(admin.TabularInline):
    model = Book
    fields = ("series_position", "title", "slug", "first_published")
    ordering = ("series_position", "title")
    extra = 0
    show_change_link = True


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "source_book_count", "source_follower_count", "updated_at")
    list_filter = ("created_at",)
    search_fields = ("name", "bio")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
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
class BookAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "author_names",
        "series",
        "series_position",
        "first_published",
        "created_at",
        "needs_review",
    )
    list_select_related = ("series",)
    list_filter = ("needs_review", "series")
    search_fields = ("title", "description", "authors__name", "series__name", "=editions__isbn13", "=editions__isbn10")
    actions = ("mark_reviewed",)
    autocomplete_fields = ("authors", "series")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "first_published"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.action(description="Mark the selected books as checked")
    def mark_reviewed(self, request, queryset):
        count = queryset.update(needs_review=False)
        self.message_user(request, f"{count} book{'s' if count != 1 else ''} marked as checked.")

    @admin.display(description="authors")
    def author_names(self, book):
        return ", ".join(author.name for author in book.authors.all())
