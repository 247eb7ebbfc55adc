from django.contrib import admin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """For staff looking into a report: meetings are read here and changed by their clubs' organisers
    (meetings.services), so that those coming are told."""

    list_display = ["title", "club", "starts_at", "status", "yes_count", "maybe_count", "waiting_count"]
    list_filter = ["status"]
    search_fields = ["title", "club__name"]
    list_select_related = ["club"]
    readonly_fields = [field.name for field in Meeting._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
