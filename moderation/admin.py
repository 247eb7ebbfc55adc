from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.html import format_html

from accounts.models import User

from . import services
from .admin_actions import remove_all_content, suspend_members
from .models import AuditEntry, Case, Report


class ReportInline(admin.TabularInline):
    model = Report
    fields = ("reason", "note", "reporter", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """The moderation queue: one row per reported item, most reported and newest first."""

    list_display = ("item_link", "kind", "report_count", "reasons", "item_author", "last_reported_at", "status")
    list_select_related = ("item_author",)
    list_filter = ("status", "kind", "reports__reason")
    search_fields = ("item_text", "item_author__username", "reports__note")
    ordering = ("-report_count", "-last_reported_at")
    readonly_fields = (
        "kind",
        "content_type",
        "object_id",
        "item_author",
        "item_text",
        "item_url",
        "report_count",
        "last_reported_at",
        "status",
        "resolution",
        "resolved_at",
        "resolved_by",
    )
    inlines = [ReportInline]
    actions = ["hide", "restore", "mark_spoiler", "lock_thread", "suspend_authors", "remove_authors_content", "dismiss"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("reports", queryset=Report.objects.only("case_id", "reason")))
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # reports are kept whatever happens

    @admin.display(description="item")
    def item_link(self, case):
        return format_html('<a href="{}">{}</a>', case.item_url, case.item_text[:80] or case.item_url)

    @admin.display(description="reasons")
    def reasons(self, case):
        counts = {}
        for report in case.reports.all():
            label = report.get_reason_display()
            counts[label] = counts.get(label, 0) + 1
        return ", ".join(f"{label} x{count}" if count > 1 else label for label, count in sorted(counts.items()))

    def _act(self, request, queryset, action, resolution, kinds=None):
        """Apply action to each selected case's item, resolve the case; report what was skipped."""
        done = skipped = 0
        for case in queryset:
            item = case.item
            if item is None or (kinds and case.kind not in kinds):
                skipped += 1
                continue
            action(item)
            services.case_resolve(case=case, moderator=request.user, resolution=resolution)
            done += 1
        self.message_user(request, f"{resolution.capitalize()}: {done} item(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} item(s) skipped: gone, or not of a kind this applies to.", messages.WARNING
            )

    def _set_hidden(self, request, queryset, hidden):
        def act(item):
            services.item_set_hidden(item=item, moderator=request.user, hidden=hidden)

        self._act(request, queryset, act, "hidden" if hidden else "restored", kinds={"review", "comment", "post"})

    @admin.action(description="Hide the items from the site", permissions=["change"])
    def hide(self, request, queryset):
        self._set_hidden(request, queryset, hidden=True)

    @admin.action(description="Restore hidden items", permissions=["change"])
    def restore(self, request, queryset):
        self._set_hidden(request, queryset, hidden=False)

    @admin.action(description="Mark the reviews as spoilers", permissions=["change"])
    def mark_spoiler(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda item: services.review_mark_spoiler(review=item, moderator=request.user),
            "marked as spoiler",
            kinds={"review"},
        )

    @admin.action(description="Lock the posts' threads", permissions=["change"])
    def lock_thread(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda item: services.thread_lock(thread=item.thread, moderator=request.user),
            "thread locked",
            kinds={"post"},
        )

    def _authors(self, queryset):
        return list({case.item_author.pk: case.item_author for case in queryset if case.item_author}.values())

    @admin.action(description="Suspend the authors (or the reported members)", permissions=["change"])
    def suspend_authors(self, request, queryset):
        response = suspend_members(self, request, queryset, self._authors(queryset))
        if response is None:
            for case in queryset:
                services.case_resolve(case=case, moderator=request.user, resolution="author suspended")
        return response

    @admin.action(description="Remove all content of the authors (spammers)", permissions=["change"])
    def remove_authors_content(self, request, queryset):
        remove_all_content(self, request, self._authors(queryset))
        for case in queryset:
            services.case_resolve(case=case, moderator=request.user, resolution="author's content removed")

    @admin.action(description="Dismiss the reports (nothing wrong)", permissions=["change"])
    def dismiss(self, request, queryset):
        for case in queryset:
            services.case_resolve(case=case, moderator=request.user, resolution="dismissed")
        self.message_user(request, f"{queryset.count()} reported item(s) dismissed.", messages.SUCCESS)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail of every moderation action; nobody deletes it, superusers included."""

    list_display = ("created_at", "moderator", "action", "object_repr", "reason")
    list_select_related = ("moderator",)
    list_filter = ("action", "created_at")
    search_fields = ("object_repr", "reason", "moderator__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The user list gets the same member actions: moderation sits above accounts, so it adds them here.
def _suspend_selected(modeladmin, request, queryset):
    return suspend_members(modeladmin, request, queryset, list(queryset))


_suspend_selected.short_description = "Suspend the selected members"
_suspend_selected.allowed_permissions = ("change",)


def _lift_suspensions(modeladmin, request, queryset):
    for member in queryset.filter(suspended_at__isnull=False):
        services.member_unsuspend(member=member, moderator=request.user)
    modeladmin.message_user(request, "Suspensions lifted.", messages.SUCCESS)


_lift_suspensions.short_description = "Lift the selected members' suspensions"
_lift_suspensions.allowed_permissions = ("change",)


def _remove_content(modeladmin, request, queryset):
    remove_all_content(modeladmin, request, list(queryset))


_remove_content.short_description = "Remove all content of the selected members (spammers)"
_remove_content.allowed_permissions = ("change",)

user_admin = admin.site._registry[User]
user_admin.actions = [*(user_admin.actions or []), _suspend_selected, _lift_suspensions, _remove_content]
