"""REST API v1: thin endpoints over the same actions and queries as the web pages.

Every error, whatever raised it, is answered as JSON `{"detail": "<a sentence>"}` with a 4xx status.
"""

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from commons.conduct.moderation import ScreeningRefusal

from .auth import member_auth

# Where pydantic says an error is: ("body", "data", "email") for a body field, ("query", "page") otherwise.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class CommonsAPI(NinjaAPI):
    """NinjaAPI whose URL fallbacks (unknown path, wrong method) answer JSON like every other error."""

    def _get_urls(self):
        urls = [
            _json_not_allowed(p) if isinstance(p, URLPattern) else p for p in super()._get_urls()
        ]
        urls.append(re_path(r"^.*$", _unknown_path))
        return urls


def _json_not_allowed(pattern: URLPattern) -> URLPattern:
    view = pattern.callback

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                {"detail": f"Method {request.method} not allowed; use {allowed}."}, status=405
            )
            response["Allow"] = allowed
        return response

    return URLPattern(pattern.pattern, wrapped, pattern.default_args, pattern.name)


@csrf_exempt  # it changes nothing; a POST without a token should still read JSON, not a CSRF page
def _unknown_path(request, *args, **kwargs):
    return JsonResponse({"detail": "No such API endpoint; see /api/v1/docs."}, status=404)


api = CommonsAPI(
    title="Commons API",
    version="1",
    description="Every capability of Commons, through the same actions as the web pages. "
    "Authenticate with `Authorization: Bearer <token>` (POST /api/v1/auth/token, or a personal token "
    "from Settings); calls made with the session cookie of a logged-in browser need the CSRF token for "
    'anything but GET. Errors are JSON `{"detail": "..."}` with a 4xx status.',
    auth=member_auth,
    urls_namespace="api",
)


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
            for field, msgs in error.message_dict.items()
        )
    return " ".join(error.messages)


def _where(loc) -> str:
    loc = [str(p) for p in loc]
    if loc and loc[0] in _SOURCES:
        # a body is one parameter (the schema) whose name means nothing to the caller
        loc = loc[2:] if loc[0] == "body" else loc[1:]
    return ".".join(loc) or "body"


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    return api.create_response(request, {"detail": _messages(exc)}, status=400)


@api.exception_handler(ScreeningRefusal)
def on_screening_refusal(request, exc):
    """A nudge or a block from screening: 400 with the reason, the cited clause and whether
    ``"post_anyway": true`` would publish it."""
    return api.create_response(
        request, {"detail": _messages(exc), "screening": exc.as_json()}, status=400
    )


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc):
    parts = [f"{_where(err.get('loc', ()))}: {err.get('msg', 'invalid')}" for err in exc.errors]
    return api.create_response(
        request, {"detail": "; ".join(parts) or "Invalid input."}, status=422
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or "You do not have permission to do that."}, status=403
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Authentication required: send a Bearer token."}, status=401
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


from . import (  # noqa: E402
    community,
    conduct,
    connections,
    core,
    events,
    members,
    messages,
    moderation,
    notifications,
    safety,
    safety_cases,
    safety_decisions,
    screening,
    transparency,
)

api.add_router("", core.router)
api.add_router("", members.router)
api.add_router("", connections.router)
api.add_router("", conduct.router)
api.add_router("", community.router)
api.add_router("", events.router)
api.add_router("", messages.router)
api.add_router("", notifications.router)
api.add_router("", safety.router)
api.add_router("", safety_cases.router)
api.add_router("", safety_decisions.router)
api.add_router("", screening.router)
api.add_router("", moderation.router)
api.add_router("", transparency.router)
