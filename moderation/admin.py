from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.html import format_html

from . import services
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
    actions = ["hide", "restore", "mark_spoiler", "lock_thread", "dismiss"]

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

    @admin.action(description="Hide the items from the site", permissions=["change"])
    def hide(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda item: services.item_set_hidden(item=item, moderator=request.user, hidden=True),
            "hidden",
            kinds={"review", "comment", "post"},
        )

    @admin.action(description="Restore hidden items", permissions=["change"])
    def restore(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda item: services.item_set_hidden(item=item, moderator=request.user, hidden=False),
            "restored",
            kinds={"review", "comment", "post"},
        )

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
