from django.contrib import admin, messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator

from accounts.admin import UserAdmin
from accounts.models import User
from core.markdown import render_markdown
from discussions.admin import PostAdmin, ThreadAdmin
from discussions.models import Post, Thread
from reviews.admin import ReviewAdmin, ReviewCommentAdmin
from reviews.models import Review, ReviewComment

from . import services
from .admin_actions import ask_reason, remove_all_content, suspend_members
from .forms import ReasonForm
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
    """The moderation queue: one row per reported item, most reported and newest first, open ones
    unless asked otherwise. Each action asks for a reason and writes one audit entry per item."""

    list_display = ("item_summary", "on_the_site", "kind", "report_count", "reasons", "item_author", "last_reported_at")
    list_display_links = ("item_summary",)
    list_select_related = ("item_author",)
    list_filter = ("status", "kind", "reports__reason")
    search_fields = ("item_text", "item_author__username", "reports__note")
    ordering = ("-report_count", "-last_reported_at")
    fields = (
        "item_as_readers_see_it",
        "on_the_site",
        "kind",
        "item_author",
        "report_count",
        "last_reported_at",
        "status",
        "resolution",
        "resolved_at",
        "resolved_by",
    )
    readonly_fields = fields
    inlines = [ReportInline]
    actions = ["hide", "restore", "mark_spoiler", "lock_thread", "suspend_authors", "remove_authors_content", "dismiss"]

    def changelist_view(self, request, extra_context=None):
        # A moderator's day starts with what is still open.
        filtered = any(key.startswith("status") for key in request.GET) or "q" in request.GET
        if request.method == "GET" and not filtered:
            return redirect(f"{request.path}?status__exact={Case.Status.OPEN}")
        return super().changelist_view(request, extra_context)

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

    @admin.display(description="reported item")
    def item_summary(self, case):
        """What the item says, as plain text (members write Markdown): what readers read."""
        text = " ".join(strip_tags(render_markdown(case.item_text)).split())
        return Truncator(text).chars(120) or f"({case.get_kind_display().lower()} with no text)"

    @admin.display(description="the item as readers see it")
    def item_as_readers_see_it(self, case):
        return render_markdown(case.item_text) or "(no text)"

    @admin.display(description="on the site")
    def on_the_site(self, case):
        return format_html('<a href="{}">View it on the site</a>', case.item_url)

    @admin.display(description="reasons")
    def reasons(self, case):
        counts = {}
        for report in case.reports.all():
            label = report.get_reason_display()
            counts[label] = counts.get(label, 0) + 1
        return ", ".join(f"{label} x{count}" if count > 1 else label for label, count in sorted(counts.items()))

    def _act(self, request, queryset, title, action, resolution, kinds=None):
        """Ask for a reason (an intermediate page), then apply action(item, reason) to each selected
        case's item and resolve the case; report what was skipped."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return ask_reason(self, request, queryset, form, title)
        reason = form.cleaned_data["reason"]
        done = skipped = 0
        for case in queryset:
            item = case.item
            if item is None or (kinds and case.kind not in kinds):
                skipped += 1
                continue
            action(item, reason)
            services.case_resolve(case=case, moderator=request.user, resolution=resolution)
            done += 1
        self.message_user(request, f"{resolution.capitalize()}: {done} item(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} item(s) skipped: gone, or not of a kind this applies to.", messages.WARNING
            )
        return None

    def _set_hidden(self, request, queryset, hidden):
        def act(item, reason):
            services.item_set_hidden(item=item, moderator=request.user, hidden=hidden, reason=reason)

        title = "Hide the reported items" if hidden else "Restore the hidden items"
        return self._act(
            request, queryset, title, act, "hidden" if hidden else "restored", kinds={"review", "comment", "post"}
        )

    @admin.action(description="Hide the items from the site", permissions=["change"])
    def hide(self, request, queryset):
        return self._set_hidden(request, queryset, hidden=True)

    @admin.action(description="Restore hidden items", permissions=["change"])
    def restore(self, request, queryset):
        return self._set_hidden(request, queryset, hidden=False)

    @admin.action(description="Mark the reviews as spoilers", permissions=["change"])
    def mark_spoiler(self, request, queryset):
        return self._act(
            request,
            queryset,
            "Mark the reviews as spoilers",
            lambda item, reason: services.review_mark_spoiler(review=item, moderator=request.user, reason=reason),
            "marked as spoiler",
            kinds={"review"},
        )

    @admin.action(description="Lock the posts' threads", permissions=["change"])
    def lock_thread(self, request, queryset):
        return self._act(
            request,
            queryset,
            "Lock the posts' threads",
            lambda item, reason: services.thread_lock(thread=item.thread, moderator=request.user, reason=reason),
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
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return ask_reason(self, request, queryset, form, "Dismiss the reports")
        for case in queryset:
            services.case_dismiss(case=case, moderator=request.user, reason=form.cleaned_data["reason"])
        self.message_user(request, f"{queryset.count()} reported item(s) dismissed.", messages.SUCCESS)
        return None


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


class Audited:
    """Every edit and delete a moderator makes in the admin goes through the services, into the audit log."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            services.item_edited(item=obj, moderator=request.user, fields=form.changed_data)

    def delete_model(self, request, obj):
        services.item_delete(item=obj, moderator=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            services.item_delete(item=item, moderator=request.user)


class ModeratedContent(Audited):
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
class ModeratedThreadAdmin(Audited, ThreadAdmin):
    actions = ["lock_selected"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if request.user.is_superuser else (*readonly, "book", "starter")

    @admin.action(description="Lock the selected threads", permissions=["change"])
    def lock_selected(self, request, queryset):
        for thread in queryset:
            services.thread_lock(thread=thread, moderator=request.user)
        self.message_user(request, f"Locked: {len(queryset)} thread(s).", messages.SUCCESS)


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
