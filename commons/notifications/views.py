from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from . import unsubscribe as one_click


@csrf_exempt  # the signed token is the proof; mail clients POST here without a session (RFC 8058)
def unsubscribe(request, token):
    """GET: a page with one button (link checkers that open links change nothing). POST: the
    member's notification emails are turned off."""
    user = one_click.member_for(token)
    if user is None:
        raise Http404("This link is not valid.")
    if request.method == "POST":
        one_click.stop_emails(user)
        return render(request, "notifications/unsubscribed.html", {"profile": user.profile})
    return render(request, "notifications/unsubscribe.html", {"profile": user.profile})
