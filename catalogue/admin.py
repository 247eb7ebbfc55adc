"""The librarians' queues in the admin, for staff: members' reports and edits waiting; merges, read only.
Every decision goes through catalogue.services, as on the site's librarians' desk."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from books.admin import BookAdmin
from books.models import Book

from . import services
from .models import Flag, Merge, PendingEdit

admin.site.unregister(Book)


@admin.register(Book)
class CatalogueBookAdmin(BookAdmin):
    """The book list with the librarians' action: checked through the same service as on the site."""

    actions = ("mark_reviewed",)

    @admin.action(description="Mark the selected books as checked")
    def mark_reviewed(self, request, queryset):
        books = list(queryset.filter(needs_review=True))
        try:
            for book in books:
                services.book_check(book=book, by=request.user)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return
        self.message_user(request, f"{len(books)} book{'s' if len(books) != 1 else ''} marked as checked.")


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("book", "kind", "duplicate_of", "note", "flagged_by", "created_at", "resolved_at")
    list_select_related = ("book", "duplicate_of", "flagged_by")
    list_filter = (("resolved_at", admin.EmptyFieldListFilter), "kind")
    search_fields = ("book__title", "note")
    readonly_fields = ("book", "kind", "duplicate_of", "note", "flagged_by", "created_at", "resolved_at", "resolved_by")
    fields = (*readonly_fields, "resolution")
    actions = ("resolve",)

    def has_add_permission(self, request):
        return False

    @admin.action(description="Mark the selected reports as dealt with")
    def resolve(self, request, queryset):
        done = 0
        for flag in queryset.filter(resolved_at__isnull=True):
            try:
                services.flag_resolve(flag=flag, by=request.user, resolution="Dealt with in the admin")
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
                return
            done += 1
        self.message_user(request, f"{done} report{'s' if done != 1 else ''} dealt with.")


@admin.register(PendingEdit)
class PendingEditAdmin(admin.ModelAdmin):
    list_display = ("book", "edition", "proposed_by", "created_at", "status", "decided_by")
    list_select_related = ("book", "edition", "proposed_by", "decided_by")
    list_filter = ("status",)
    readonly_fields = [field.name for field in PendingEdit._meta.fields]
    actions = ("approve", "decline")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _decide(self, request, queryset, approve):
        for edit in queryset.filter(status=PendingEdit.Status.WAITING):
            try:
                services.pending_edit_decide(edit=edit, by=request.user, approve=approve)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
                return
        self.message_user(request, "Done.")

    @admin.action(description="Approve the selected edits")
    def approve(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description="Decline the selected edits")
    def decline(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(Merge)
class MergeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "merged_by", "created_at")
    list_select_related = ("book", "author", "series", "merged_by")
    list_filter = ("kind",)
    readonly_fields = [field.name for field in Merge._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
