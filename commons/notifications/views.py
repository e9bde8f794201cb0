from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from commons.members.actions import update_preferences
from commons.members.models import EmailMode, User

from .unsubscribe import user_id_of


@csrf_exempt  # the signed token is the proof; mail clients POST here without a session (RFC 8058)
def unsubscribe(request, token):
    """GET: a page with one button (link checkers that open links change nothing). POST: the
    member's notification emails are turned off, audited as their own preference change."""
    user_id = user_id_of(token)
    user = (
        User.objects.select_related("profile").filter(pk=user_id, is_active=True).first()
        if user_id
        else None
    )
    if user is None:
        raise Http404("This link is not valid.")
    if request.method == "POST":
        if user.profile.email_notifications != EmailMode.OFF:
            update_preferences(user, actor=user, email_notifications=EmailMode.OFF)
        if request.user.is_authenticated:
            messages.success(request, "You will get no more notification emails.")
        return render(request, "notifications/unsubscribed.html", {"profile": user.profile})
    return render(request, "notifications/unsubscribe.html", {"profile": user.profile})
