"""Admin actions on members and reported items that ask something first (an intermediate page)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone

from . import services
from .forms import SuspendForm


def _intermediate(modeladmin, request, template, context):
    return TemplateResponse(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "selected": request.POST.getlist("_selected_action"),
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
            **context,
        },
    )


def ask_reason(modeladmin, request, queryset, form, title):
    """The page asking why, before an action on the selected items is applied."""
    return _intermediate(
        modeladmin, request, "moderation/confirm_action.html", {"form": form, "items": queryset, "title": title}
    )


def suspend_members(modeladmin, request, queryset, members):
    """Ask for a reason and a length, then suspend members (an intermediate admin page)."""
    form = SuspendForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        days = form.cleaned_data["days"]
        until = timezone.now() + timedelta(days=days) if days else None
        done = 0
        for member in members:
            try:
                services.member_suspend(
                    member=member,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                    until=until,
                    hide_content=form.cleaned_data["hide_content"],
                )
                done += 1
            except ValidationError as error:
                modeladmin.message_user(request, f"{member}: {' '.join(error.messages)}", messages.WARNING)
        modeladmin.message_user(request, f"{done} member(s) suspended.", messages.SUCCESS)
        return None
    return _intermediate(
        modeladmin, request, "moderation/suspend.html", {"form": form, "members": members, "title": "Suspend members"}
    )


def remove_all_content(modeladmin, request, members):
    total = sum(services.member_remove_content(member=member, moderator=request.user) for member in members)
    modeladmin.message_user(request, f"{total} item(s) hidden.", messages.SUCCESS)
