from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Follow, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username",
        "display_name",
        "email",
        "is_imported",
        "imported_from",
        "source_review_count",
        "source_follower_count",
        "is_active",
        "is_staff",
        "date_joined",
    )
    list_filter = ("is_imported", "imported_from", "is_anonymous_reviewer", "is_staff", "is_active", "suspended_at")
    search_fields = ("username", "display_name", "email")
    ordering = ("username",)
    # Only superusers hand out power: a moderator may change a member (to suspend them),
    # never their staff, superuser, group or permission fields.
    privilege_fields = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if request.user.is_superuser else (*readonly, *self.privilege_fields)

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "bio")}),
        ("Suspension", {"fields": ("suspended_at", "suspended_until", "suspension_reason")}),
        (
            "Imported reviewer",
            {
                "fields": (
                    "is_imported",
                    "imported_from",
                    "is_anonymous_reviewer",
                    "source_review_count",
                    "source_follower_count",
                    "source_book_count",
                ),
                "classes": ("collapse",),
            },
        ),
    )


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followed", "created_at")
    list_select_related = ("follower", "followed")
    list_filter = ("created_at",)
    search_fields = ("follower__username", "followed__username")
    autocomplete_fields = ("follower", "followed")
