"""Top-level routes: the pages at /, the API under /api/, Django admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

from defensetrack.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("defensetrack.api.urls")),
    path("", include("defensetrack.web.urls")),
]

handler404 = "defensetrack.web.views.page_not_found"
handler500 = "defensetrack.web.views.server_error"
