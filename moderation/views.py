from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from accounts.models import User
from accounts.permissions import require_member_who_can_post
from discussions.models import Post
from reviews.models import Review, ReviewComment

from . import services
from .forms import ReportForm

REPORTABLE = {"review": Review, "comment": ReviewComment, "post": Post, "member": User}


@login_required
def report(request, kind, pk):
    if kind not in REPORTABLE:
        raise PermissionDenied("That cannot be reported.")
    item = get_object_or_404(REPORTABLE[kind], pk=pk)
    require_member_who_can_post(request.user)
    _, _, _, item_url = services.describe(item)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(item=item, reporter=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, "Thank you: your report was received. Moderators will look at it.")
        return redirect(item_url)
    return render(
        request,
        "moderation/report.html",
        {"form": form, "kind": kind, "item": item, "item_url": item_url},
        status=400 if form.errors else 200,
    )
