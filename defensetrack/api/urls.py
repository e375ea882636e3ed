"""/api/v1/ (the router), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI, no CDN)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from defensetrack.api import views

app_name = "api"

router = DefaultRouter()
router.register("countries", views.CountryViewSet, basename="country")
router.register("officials", views.OfficialViewSet, basename="official")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("pledges", views.PledgeViewSet, basename="pledge")
router.register("posts", views.PostViewSet, basename="post")
router.register("articles", views.ArticleViewSet, basename="article")

urlpatterns = [
    path("v1/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Last: clients get JSON for a mistyped address or id too. Only paths ending in a slash, so
    # CommonMiddleware still adds a missing slash to a known address first.
    re_path(r"^.*/$", views.NoSuchAddress.as_view(), name="no-such-address"),
]
