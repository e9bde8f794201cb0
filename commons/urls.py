from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from commons.api.api import api

urlpatterns = [
    path("", include("commons.core.urls")),
    path("", include("commons.members.urls")),
    path("conduct/", include("commons.conduct.urls")),
    path("", include("commons.community.urls")),
    path("", include("commons.events.urls")),
    path("safety/", include("commons.safety.urls")),
    path("notifications/", include("commons.notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG or settings.TESTING:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
