from django.contrib import admin

from .models import ShelfEntry


@admin.register(ShelfEntry)
class ShelfEntryAdmin(admin.ModelAdmin):
    list_display = ("book", "user", "shelf", "updated_at")
    list_select_related = ("book", "user")
    list_filter = ("shelf", "updated_at")
    search_fields = ("book__title", "user__username", "user__display_name")
    autocomplete_fields = ("book", "user")
