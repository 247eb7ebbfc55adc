from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: imports are written by their task; support staff look, they do not edit."""

    list_display = ("file_name", "user", "status", "total", "matched", "added", "kept", "skipped", "created_at")
    list_filter = ("status", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "file_name")
    exclude = ("report",)
    readonly_fields = [field.name for field in ImportJob._meta.fields if field.name not in ("data", "report")]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
