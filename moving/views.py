"""Moving in and out: a member's own pages, never cached or shown to anyone else (others get 404)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import export, services
from .forms import DeleteAccountForm, ImportForm
from .library import Outcome
from .models import ImportJob

REPORT_PAGE = 100
OUTCOMES = {
    Outcome.ADDED: "Added to the catalogue",
    Outcome.MATCHED: "Matched",
    Outcome.KEPT: "Kept your edits here",
    Outcome.UNCHANGED: "Already here, unchanged",
    Outcome.SKIPPED: "Skipped",
}


def _library_page(request, form, status=200):
    jobs = ImportJob.objects.filter(user=request.user).defer("data", "report")[:10]
    return render(request, "moving/library.html", {"form": form, "jobs": jobs}, status=status)


@never_cache
@login_required
def library(request):
    return _library_page(request, ImportForm())


@never_cache
@login_required
@require_POST
def import_create(request):
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["export"]
        try:
            job = services.import_start(user=request.user, file_name=upload.name, data=upload.read())
        except (ValidationError, PermissionDenied) as error:
            form.add_error("export", error.messages if isinstance(error, ValidationError) else str(error))
        else:
            return redirect(job)
    return _library_page(request, form, status=400)


def _own_job(request, pk):
    # Another member's import does not exist, as far as anyone else can tell.
    return get_object_or_404(ImportJob.objects.defer("data"), pk=pk, user=request.user)


@never_cache
@login_required
def import_detail(request, pk):
    job = _own_job(request, pk)
    show = request.GET.get("show", "")
    if show not in OUTCOMES:
        show = Outcome.SKIPPED if job.skipped else Outcome.ADDED
    rows = [entry for entry in job.report if entry["outcome"] == show]
    page = Paginator(rows, REPORT_PAGE).get_page(request.GET.get("page"))
    counts = {
        Outcome.ADDED: job.added,
        Outcome.MATCHED: job.matched,
        Outcome.KEPT: job.kept,
        Outcome.UNCHANGED: job.unchanged,
        Outcome.SKIPPED: job.skipped,
    }
    tabs = [{"value": value, "label": label, "count": counts[value]} for value, label in OUTCOMES.items()]
    return render(
        request,
        "moving/import.html",
        {"job": job, "tabs": tabs, "show": show, "show_label": OUTCOMES[show], "page_obj": page},
    )


@never_cache
@login_required
def import_status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(
        {"status": job.status, "done": job.done, "total": job.total, "percent": job.percent, "finished": job.finished}
    )


@never_cache
@login_required
def export_csv(request):
    response = StreamingHttpResponse(export.library_csv(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bookclub_library_export.csv"'
    return response


@never_cache
@login_required
def export_archive(request):
    stamp = timezone.now()
    response = StreamingHttpResponse(export.archive_json(request.user, stamp), content_type="application/json")
    name = f"bookclub_{request.user.username}_{stamp:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user, keep_writing=form.cleaned_data["writing"] == form.KEEP)
        logout(request)
        messages.success(request, "Your account is deleted. Thank you for reading with us.")
        return redirect("home")
    return render(request, "moving/delete.html", {"form": form}, status=400 if form.is_bound else 200)
