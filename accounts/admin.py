from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied

from .models import Follow, User

# Imported reviewers are names from a source, never accounts: nobody turns one into a login.
IMPORTED_IDENTITY = ("is_imported", "imported_from", "is_anonymous_reviewer")
# Only superusers hand out power, or touch what would let them take an account over.
PRIVILEGES = ("is_staff", "is_superuser", "groups", "user_permissions")
ACCOUNT_KEYS = ("username", "email", "is_active", "last_login", "date_joined")
# Suspensions go through the suspend action, which writes the audit log.
SUSPENSION = ("suspended_at", "suspended_until", "suspension_reason")


class MemberKindFilter(admin.SimpleListFilter):
    """Members by default: the imported reviewers (names from a source) are a list of their own."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("members", "Members"), ("imported", "Imported reviewers"), ("all", "All")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            selected = self.value() == value or (self.value() is None and value == "members")
            yield {
                "selected": selected,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "imported":
            return queryset.imported()
        if self.value() == "all":
            return queryset
        return queryset.members()


class SuspendedFilter(admin.SimpleListFilter):
    title = "suspension"
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", "Suspended now"), ("no", "Not suspended")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.suspended()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.suspended())
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Members and imported reviewers. A moderator may change a member's public name and bio (to take
    abuse down) and suspend them through the actions; never a password, an e-mail address, a flag, a
    group or anything of another staff account, and nobody makes an imported reviewer a login."""

    list_display = ("username", "display_name", "email", "kind", "suspended", "is_staff", "date_joined")
    list_filter = (MemberKindFilter, SuspendedFilter, "is_staff", "is_active", "imported_from", "is_anonymous_reviewer")
    search_fields = ("username", "display_name", "email")
    ordering = ("username",)

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "bio")}),
        ("Suspension", {"fields": SUSPENSION}),
        (
            "Imported reviewer",
            {
                "fields": (*IMPORTED_IDENTITY, "source_review_count", "source_follower_count", "source_book_count"),
                "classes": ("collapse",),
            },
        ),
    )

    @admin.display(description="kind", ordering="is_imported")
    def kind(self, user):
        return "Imported" if user.is_imported else "Member"

    @admin.display(description="suspended", boolean=True)
    def suspended(self, user):
        return user.is_suspended

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *IMPORTED_IDENTITY]
        if obj is not None and obj.is_imported:
            readonly += ["password", "is_active", *PRIVILEGES]
        if not request.user.is_superuser:
            readonly += [*PRIVILEGES, *ACCOUNT_KEYS, *SUSPENSION]
        return tuple(dict.fromkeys(readonly))

    def has_change_permission(self, request, obj=None):
        if obj is not None and (obj.is_staff or obj.is_superuser) and not request.user.is_superuser:
            return False  # another staff account: moderators may look, not touch
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if not request.user.is_superuser or (user is not None and user.is_imported):
            raise PermissionDenied("Only administrators set passwords, and imported reviewers have none.")
        return super().user_change_password(request, id, form_url)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followed", "created_at")
    list_select_related = ("follower", "followed")
    list_filter = ("created_at",)
    search_fields = ("follower__username", "followed__username")
    autocomplete_fields = ("follower", "followed")
