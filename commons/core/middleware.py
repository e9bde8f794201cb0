from zoneinfo import ZoneInfo

from django.utils import timezone


class ViewerTimeZoneMiddleware:
    """Show times in the member's own time zone (set on their profile); guests see UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            profile = getattr(user, "profile", None)
            zone = getattr(profile, "time_zone", "") or None
        if zone:
            try:
                timezone.activate(ZoneInfo(zone))
            except (KeyError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
