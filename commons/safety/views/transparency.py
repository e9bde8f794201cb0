"""The monthly transparency report page: for members, and for everyone when the community
publishes it."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from ..transparency import can_view_transparency, monthly_report, parse_month


def transparency(request):
    """``?month=YYYY-MM``; the last full month by default."""
    if not can_view_transparency(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    error, status = "", 200
    try:
        month = parse_month(request.GET.get("month"))
    except ValidationError as invalid:
        error, status = " ".join(invalid.messages), 400
        month = parse_month(None)
    return render(
        request,
        "safety/transparency.html",
        {"report": monthly_report(month), "error": error},
        status=status,
    )


urlpatterns = [
    path("transparency/", transparency, name="transparency"),
]
