from django.contrib import admin

from .models import Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """For staff looking into a report: rounds are run by their clubs' organisers (votes.services);
    ballots are secret and not shown here."""

    list_display = ["title", "club", "status", "method", "ballot_count", "opened_at", "closed_at"]
    list_filter = ["status", "method"]
    search_fields = ["title", "club__name"]
    list_select_related = ["club"]
    readonly_fields = [field.name for field in Round._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
