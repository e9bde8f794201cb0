from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from commons.members.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a personal or login token that is not revoked."""

    def authenticate(self, request, token):
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


bearer = TokenAuth()
member_auth = [bearer, django_auth]


class OptionalAuth(TokenAuth):
    """Like TokenAuth, but a request without credentials goes on as a guest."""

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if header:
            return super().__call__(request)
        if request.user.is_authenticated:
            return request.user
        return True  # a guest: endpoints check what guests may see


optional_auth = [OptionalAuth()]


class MemberOrLinkHolder(TokenAuth):
    """Like ``member_auth`` (a Bearer token, or the session with its CSRF token), but a request
    with neither goes on as a guest (``True``): for an endpoint whose body may carry a signed link's
    token instead, such as an appeal by a member removed from the community."""

    def __call__(self, request):
        if request.headers.get("Authorization"):
            return super().__call__(request)
        if request.user.is_authenticated:
            return django_auth(request)
        return True


member_or_link_holder = [MemberOrLinkHolder()]
