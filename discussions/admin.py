from django.contrib import admin

from .models import Post, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("title", "book", "starter", "post_count", "last_post_at", "is_pinned", "is_locked")
    list_select_related = ("book", "starter")
    list_filter = ("is_pinned", "is_locked", "created_at")
    search_fields = ("title", "book__title", "starter__username")
    autocomplete_fields = ("book", "starter")
    # Where a thread belongs and where it opens are the clubs' schedules' to say (discussions.access).
    readonly_fields = (
        "post_count",
        "last_post",
        "last_post_at",
        "club",
        "opens_at_page",
        "opens_at_chapter",
        "opens_at_percent",
    )
    list_editable = ("is_pinned", "is_locked")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "created_at", "edited_at", "is_hidden", "is_deleted")
    list_select_related = ("thread", "author")
    list_filter = ("is_hidden", "is_deleted", "created_at")
    search_fields = ("body", "author__username", "thread__title")
    autocomplete_fields = ("author",)
    raw_id_fields = ("thread", "quoted")
    readonly_fields = ("body_html",)
