from django.contrib import admin
from django.db import models

from .models import RatingHistogram, Review, ReviewComment, ReviewLike


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("book", "reviewer", "source", "rating", "is_spoiler", "reviewed_on", "blog_site")
    list_select_related = ("book", "reviewer")
    list_filter = ("source", "rating", "is_spoiler", "reviewed_on")
    search_fields = ("body", "book__title", "reviewer__username", "reviewer__display_name", "blog_title")
    autocomplete_fields = ("book", "reviewer", "same_as")
    date_hierarchy = "reviewed_on"
    readonly_fields = ("import_key", "created_at", "updated_at")
    # Django 6's default today: a blog address typed without a scheme means https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(RatingHistogram)
class RatingHistogramAdmin(admin.ModelAdmin):
    list_display = ("book", "source", "stars_5", "stars_4", "stars_3", "stars_2", "stars_1")
    list_select_related = ("book",)
    list_filter = ("source",)
    search_fields = ("book__title",)
    autocomplete_fields = ("book",)


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ("review", "author", "created_at")
    list_select_related = ("review__book", "review__reviewer", "author")
    list_filter = ("created_at",)
    search_fields = ("body", "author__username", "review__book__title")
    autocomplete_fields = ("review", "author")
    readonly_fields = ("body_html",)


@admin.register(ReviewLike)
class ReviewLikeAdmin(admin.ModelAdmin):
    list_display = ("review", "user", "created_at")
    list_select_related = ("review__book", "review__reviewer", "user")
    search_fields = ("user__username", "review__book__title")
    autocomplete_fields = ("review", "user")
