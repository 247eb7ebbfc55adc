"""Clubs in the moderation desk. Roles are the clubs' own business: the desk shows them, and only a
superuser may change one here (a moderator cannot make themselves a club's owner)."""

from django.contrib import admin

from .models import Ban, Club, Invitation, JoinRequest, Membership, Milestone, Pick


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "hide_progress", "joined_at")
    readonly_fields = ("joined_at",)
    show_change_link = False

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        return ("user", "role", "hide_progress", "joined_at")

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Club)
class ClubAdmin(admin.ModelAdmin):
    list_display = ("name", "visibility", "member_count", "current_book", "last_activity_at", "created_at")
    list_filter = ("visibility",)
    list_select_related = ("current_book",)
    search_fields = ("name", "slug")
    readonly_fields = ("member_count", "last_activity_at", "current_book")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj and obj.member_count <= 200 else []  # a long list belongs to Memberships


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "club", "role", "hide_progress", "joined_at")
    list_filter = ("role",)
    list_select_related = ("user", "club")
    search_fields = ("user__username", "user__display_name", "club__name")
    autocomplete_fields = ("user", "club")

    def get_readonly_fields(self, request, obj=None):
        return () if request.user.is_superuser else ("user", "club", "role", "hide_progress")

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ("user", "club", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("user", "club")
    search_fields = ("user__username", "club__name")
    readonly_fields = ("user", "club", "message", "status", "answer", "decided_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("club", "invitee", "email", "expires_at", "use_count", "max_uses", "revoked_at")
    list_select_related = ("club", "invitee")
    search_fields = ("club__name", "invitee__username", "email")
    readonly_fields = ("club", "created_by", "invitee", "email", "use_count")


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ("user", "club", "reason", "created_at")
    list_select_related = ("user", "club")
    search_fields = ("user__username", "club__name")
    readonly_fields = ("user", "club", "banned_by")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("position", "label", "chapter", "page", "percent", "due_on", "thread")
    readonly_fields = ("thread",)


@admin.register(Pick)
class PickAdmin(admin.ModelAdmin):
    list_display = ("book", "club", "starts_on", "ends_on", "is_current")
    list_filter = ("is_current",)
    list_select_related = ("book", "club")
    search_fields = ("book__title", "club__name")
    autocomplete_fields = ("book", "club")
    readonly_fields = ("chosen_by", "schedule_version")
    inlines = [MilestoneInline]
