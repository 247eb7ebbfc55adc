from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Which mails went out (the record that keeps a retried task from sending one twice). Members'
    notifications themselves are theirs alone and are not shown here."""

    list_display = ["key", "sent_at", "created_at"]
    search_fields = ["key"]
    readonly_fields = ["key", "sent_at", "created_at"]

    def has_add_permission(self, request):
        return False
