from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.html import format_html

from accounts.admin import UserAdmin
from accounts.models import User
from discussions.admin import PostAdmin, ThreadAdmin
from discussions.models import Post, Thread
from reviews.admin import ReviewAdmin, ReviewCommentAdmin
from reviews.models import Review, ReviewComment

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


class ModeratedContent:
    """Admin pages for what members write: hiding, restoring and deleting go through the same services
    as the queue (counters, the thread's last post, ratings, the audit log), so is_hidden is read-only
    here, and every edit a moderator makes is written in the audit log."""

    actions = ["hide_selected", "restore_selected"]
    # Who wrote what, about which book, and the rating: what readers see is changed only by the
    # moderation actions, so only superusers may edit these (a moderator could otherwise move a book's
    # average or put words in another member's name).
    identity_fields = ()

    def get_readonly_fields(self, request, obj=None):
        readonly = (*super().get_readonly_fields(request, obj), "is_hidden")
        return readonly if request.user.is_superuser else (*readonly, *self.identity_fields)

    @admin.action(description="Hide the selected items from the site", permissions=["change"])
    def hide_selected(self, request, queryset):
        self._set_hidden(request, queryset, hidden=True)

    @admin.action(description="Restore the selected hidden items", permissions=["change"])
    def restore_selected(self, request, queryset):
        self._set_hidden(request, queryset, hidden=False)

    def _set_hidden(self, request, queryset, hidden):
        for item in queryset:
            services.item_set_hidden(item=item, moderator=request.user, hidden=hidden)
        self.message_user(request, f"{'Hidden' if hidden else 'Restored'}: {len(queryset)} item(s).", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            services.item_edited(item=obj, moderator=request.user, fields=form.changed_data)

    def delete_model(self, request, obj):
        services.item_delete(item=obj, moderator=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            services.item_delete(item=item, moderator=request.user)


admin.site.unregister(Review)


@admin.register(Review)
class ModeratedReviewAdmin(ModeratedContent, ReviewAdmin):
    identity_fields = ("book", "reviewer", "source", "rating", "reviewed_on", "same_as")


admin.site.unregister(ReviewComment)


@admin.register(ReviewComment)
class ModeratedReviewCommentAdmin(ModeratedContent, ReviewCommentAdmin):
    identity_fields = ("review", "author")


admin.site.unregister(Post)


@admin.register(Post)
class ModeratedPostAdmin(ModeratedContent, PostAdmin):
    identity_fields = ("thread", "number", "author", "quoted", "is_deleted")

    def has_delete_permission(self, request, obj=None):
        return False  # a post keeps its number and permalink: hide it instead


admin.site.unregister(Thread)


@admin.register(Thread)
class ModeratedThreadAdmin(ThreadAdmin):
    actions = ["lock_selected"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if request.user.is_superuser else (*readonly, "book", "starter")

    @admin.action(description="Lock the selected threads", permissions=["change"])
    def lock_selected(self, request, queryset):
        for thread in queryset:
            services.thread_lock(thread=thread, moderator=request.user)
        self.message_user(request, f"Locked: {len(queryset)} thread(s).", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            services.item_edited(item=obj, moderator=request.user, fields=form.changed_data)

    def delete_model(self, request, obj):
        services.item_delete(item=obj, moderator=request.user)

    def delete_queryset(self, request, queryset):
        for thread in queryset:
            services.item_delete(item=thread, moderator=request.user)


admin.site.unregister(User)


@admin.register(User)
class ModeratedUserAdmin(UserAdmin):
    """The user list with the moderators' member actions."""

    actions = ["suspend_selected", "lift_suspensions", "remove_content"]

    @admin.action(description="Suspend the selected members", permissions=["change"])
    def suspend_selected(self, request, queryset):
        return suspend_members(self, request, queryset, list(queryset))

    @admin.action(description="Lift the selected members' suspensions", permissions=["change"])
    def lift_suspensions(self, request, queryset):
        for member in queryset.filter(suspended_at__isnull=False):
            services.member_unsuspend(member=member, moderator=request.user)
        self.message_user(request, "Suspensions lifted.", messages.SUCCESS)

    @admin.action(description="Remove all content of the selected members (spammers)", permissions=["change"])
    def remove_content(self, request, queryset):
        remove_all_content(self, request, list(queryset))
