"""Pages for reports: the report form for members, the public form, and "My reports"."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from commons.core.forms import apply_validation_error
from commons.core.ratelimit import client_ip, hit

from .. import actions, queries
from ..forms import PublicReportForm, ReportForm, started_token
from ..models import Source, SubjectType

# The public form: at most this many reports from one address per hour.
PUBLIC_REPORTS_PER_HOUR = 5

_KINDS = ("content", "incident", "url")


def _events(viewer):
    from commons.events.queries import visible_events

    return visible_events(viewer).order_by("-starts_at")[:50]


def _preview(kind, form, viewer):
    """The snapshot the report would keep, shown above the form; None when it cannot be taken."""
    if kind != "content":
        return None
    try:
        subject_type = form["subject_type"].value()
        subject_id = int(form["subject_id"].value())
        preview, _ = actions.snapshot_of(subject_type, subject_id, viewer)
    except (TypeError, ValueError, ValidationError):
        return None
    return preview


@login_required
def report(request):
    """Report a post, comment, member, event or message (``?type=&id=``), an incident
    (``?kind=incident``, optionally ``&event=``) or outside content (``?kind=url``)."""
    kind = request.GET.get("kind") or ("content" if request.GET.get("type") else "")
    if request.method == "POST":
        kind = request.POST.get("kind") or ("content" if request.POST.get("subject_type") else kind)
    if kind not in _KINDS:
        kind = "incident"
    initial = {
        "subject_type": request.GET.get("type"),
        "subject_id": request.GET.get("id"),
        "incident_event": request.GET.get("event"),
    }
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        initial=initial,
        clauses=queries.report_clauses(),
        moderators=queries.report_moderators(request.user),
        events=_events(request.user) if kind == "incident" else (),
    )
    if request.method == "POST" and form.is_valid():
        try:
            filed = actions.file_report(
                reporter=request.user, source=Source.WEB, **form.report_kwargs()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return render(request, "safety/report_done.html", {"report": filed})
    preview = _preview(kind, form, request.user)
    if kind == "content" and preview is None and request.method == "GET":
        raise Http404("There is nothing to report there.")
    subject_type = form["subject_type"].value() if kind == "content" else ""
    return render(
        request,
        "safety/report.html",
        {
            "form": form,
            "kind": kind,
            "preview": preview,
            "subject_label": SubjectType(subject_type).label.lower()
            if subject_type in SubjectType.values
            else "",
        },
        status=400 if request.method == "POST" else 200,
    )


def public_report(request):
    """The report form for people without an account: rate-limited per address, with a honeypot
    and a minimum fill time. Members are sent to the full form."""
    form = PublicReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"started": started_token()},
        clauses=queries.report_clauses(),
        events=_events(None),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if not hit(
            "safety-public-report", client_ip(request), limit=PUBLIC_REPORTS_PER_HOUR, period=3600
        ):
            form.add_error(
                None,
                "Too many reports from your network in the last hour. Please try again later, "
                "or write to the moderators by email.",
            )
            status = 429
        elif form.is_valid():
            if form.is_bot():
                form.add_error(
                    None,
                    "We could not accept this form. Please take a moment to read it, "
                    "leave the last field empty, and send it again.",
                )
            else:
                try:
                    filed = actions.file_report(
                        reporter=None, source=Source.PUBLIC_FORM, **form.report_kwargs()
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    return render(request, "safety/report_done.html", {"report": filed})
        form.data = form.data.copy()
        form.data["started"] = started_token()
    return render(request, "safety/public_report.html", {"form": form}, status=status)


@login_required
def my_reports(request):
    """The reports the member filed, with their status in general terms."""
    page = Paginator(queries.my_reports(request.user), 30).get_page(request.GET.get("page"))
    rows = [(report, *queries.reporter_status(report)) for report in page]
    return render(request, "safety/my_reports.html", {"page": page, "rows": rows})


urlpatterns = [
    path("report/", report, name="report"),
    path("report/public/", public_report, name="report-public"),
    path("my-reports/", my_reports, name="my-reports"),
]
