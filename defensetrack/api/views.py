"""The API's views: read-only viewsets over selectors, and small writes that call services."""

from django.db.models import QuerySet
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from defensetrack.api import serializers as s
from defensetrack.api.pagination import NewestFirstCursor
from defensetrack.api.renderers import CSVRenderer
from defensetrack.tracker import filters, selectors
from defensetrack.tracker.models import Article, Post
from defensetrack.tracker.services.articles import create_article
from defensetrack.tracker.services.verify import do_verify

RENDERERS = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
CSV_MAX_ROWS = 50_000


class FiltersFromSelectors(DjangoFilterBackend):
    """The selectors already applied the shared FilterSet; this backend only documents it."""

    def filter_queryset(self, request, queryset, view):
        return queryset


class StaffMayCorrect(permissions.BasePermission):
    """Anyone may read; only staff may correct a record."""

    message = "Only staff may correct records."

    def has_permission(self, request: Request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class ListViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only list over a selector, cursor-paged, as JSON or CSV (whole list, no pages)."""

    renderer_classes = RENDERERS
    pagination_class = NewestFirstCursor
    filter_backends = [FiltersFromSelectors, OrderingFilter]
    ordering_fields = ["id"]
    list_selector = None
    # Ids are numbers: anything else is a 404 from the router, never a ValueError in a lookup.
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet:
        if self.action == "list":
            return type(self).list_selector(filters=self.request.query_params)
        return self.detail_queryset()

    def detail_queryset(self) -> QuerySet:
        return type(self).list_selector(filters={})

    def paginate_queryset(self, queryset):
        if getattr(self.request.accepted_renderer, "format", "") == "csv":
            return None
        return super().paginate_queryset(queryset)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if getattr(self.request.accepted_renderer, "format", "") == "csv":
            return queryset[:CSV_MAX_ROWS]
        return queryset


class CountryViewSet(ListViewSet):
    serializer_class = s.CountrySerializer
    filterset_class = filters.CountryFilter
    list_selector = staticmethod(selectors.list_countries)
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    ordering_fields = ["id", "code", "name"]

    def get_object(self):
        return selectors.get_country(code=self.kwargs["code"])


class OfficialViewSet(ListViewSet):
    serializer_class = s.OfficialSerializer
    filterset_class = filters.OfficialFilter
    list_selector = staticmethod(selectors.list_officials)


class MeetingViewSet(mixins.UpdateModelMixin, ListViewSet):
    filterset_class = filters.MeetingFilter
    list_selector = staticmethod(selectors.list_meetings)
    ordering_fields = ["id", "date"]
    permission_classes = [StaffMayCorrect]
    http_method_names = ["get", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.MeetingDetailSerializer
        if self.action == "partial_update":
            return s.MeetingCorrectionSerializer
        return s.MeetingSerializer

    def get_object(self):
        meeting = selectors.get_meeting(pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, meeting)
        return meeting

    def perform_update(self, serializer) -> None:
        do_verify(
            record=serializer.instance, user=self.request.user, changes=serializer.validated_data
        )

    @extend_schema(responses=s.MeetingDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        super().partial_update(request, *args, **kwargs)
        meeting = selectors.get_meeting(pk=kwargs["pk"])
        return Response(s.MeetingDetailSerializer(meeting).data)


class PledgeViewSet(mixins.UpdateModelMixin, ListViewSet):
    filterset_class = filters.PledgeFilter
    list_selector = staticmethod(selectors.list_pledges)
    ordering_fields = ["id", "amount", "announced_on"]
    permission_classes = [StaffMayCorrect]
    http_method_names = ["get", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.PledgeDetailSerializer
        if self.action == "partial_update":
            return s.PledgeCorrectionSerializer
        return s.PledgeSerializer

    def get_object(self):
        pledge = selectors.get_pledge(pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, pledge)
        return pledge

    def perform_update(self, serializer) -> None:
        do_verify(
            record=serializer.instance, user=self.request.user, changes=serializer.validated_data
        )

    @extend_schema(responses=s.PledgeDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        super().partial_update(request, *args, **kwargs)
        return Response(s.PledgeDetailSerializer(selectors.get_pledge(pk=kwargs["pk"])).data)


class PostViewSet(mixins.UpdateModelMixin, ListViewSet):
    serializer_class = s.PostSerializer
    list_selector = None
    filter_backends = [OrderingFilter]
    permission_classes = [StaffMayCorrect]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Post]:
        return selectors.posts_with_countries().select_related("person").order_by("-id")

    def get_serializer_class(self):
        return s.PostCorrectionSerializer if self.action == "partial_update" else s.PostSerializer

    def perform_update(self, serializer) -> None:
        do_verify(
            record=serializer.instance, user=self.request.user, changes=serializer.validated_data
        )

    @extend_schema(responses=s.PostSerializer)
    def partial_update(self, request, *args, **kwargs):
        super().partial_update(request, *args, **kwargs)
        return Response(s.PostSerializer(self.get_object()).data)


class ArticleViewSet(mixins.CreateModelMixin, ListViewSet):
    filterset_class = filters.ArticleFilter
    list_selector = staticmethod(selectors.list_articles)
    ordering_fields = ["id", "published"]
    http_method_names = ["get", "post", "head", "options"]

    def get_permissions(self):
        if self.action == "create":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.ArticleDetailSerializer
        if self.action == "create":
            return s.ArticleInputSerializer
        return s.ArticleSerializer

    def get_object(self) -> Article:
        return selectors.get_article(pk=self.kwargs["pk"])

    @extend_schema(request=s.ArticleInputSerializer, responses={202: s.AcceptedArticleSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        """Queue an article for extraction; poll status_url until its status is done or failed."""
        incoming = s.ArticleInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        article, created = create_article(source=Article.Source.API, **incoming.validated_data)
        status_url = request.build_absolute_uri(reverse("api:article-detail", args=[article.pk]))
        body = {
            "id": article.pk,
            "status": article.status,
            "created": created,
            "status_url": status_url,
        }
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": status_url})


# The shared filters the timeline applies to both streams (an APIView gets none documented).
TIMELINE_FILTERS = [
    OpenApiParameter("country", str, description="Country (ISO code): a side or a party."),
    OpenApiParameter("partner", str, description="Partner country (ISO code)."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="From this day on."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Up to this day."),
    OpenApiParameter("official", int, description="A participant's id (meetings only)."),
    OpenApiParameter("verified", bool, description="Only records a person checked, or none."),
    OpenApiParameter("q", str, description="Text in the record or its evidence."),
]


class TimelineView(APIView):
    """Meetings and pledges in one stream, newest first; follow `next` for older entries."""

    renderer_classes = RENDERERS
    filter_backends = [FiltersFromSelectors]
    filterset_class = filters.MeetingFilter

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", str, description="The `next` of the previous page."),
            OpenApiParameter("page_size", int, description="Entries per page, 1 to 200."),
            OpenApiParameter("kind", str, enum=selectors.TIMELINE_KINDS),
            *TIMELINE_FILTERS,
        ],
        responses=s.TimelinePageSerializer,
    )
    def get(self, request: Request) -> Response:
        page = selectors.list_timeline(
            filters=request.query_params,
            cursor=request.query_params.get("cursor") or None,
            limit=_page_size(request.query_params.get("page_size")),
        )
        results = s.TimelineEntrySerializer(page.entries, many=True).data
        if getattr(request.accepted_renderer, "format", "") == "csv":
            return Response(results)
        return Response({"next": _next_url(request, page.next_cursor), "results": results})


class NoSuchAddress(APIView):
    """Any /api/ address the router does not know: a 404 in the error shape, not the HTML page."""

    renderer_classes = [JSONRenderer]
    permission_classes = [permissions.AllowAny]

    def initial(self, request: Request, *args, **kwargs) -> None:
        raise NotFound()


def _page_size(raw: str | None) -> int:
    from defensetrack.tracker.errors import DomainError

    if raw in (None, ""):
        return 50
    if not raw.isdigit() or not 1 <= int(raw) <= 200:
        raise DomainError("page_size must be a whole number from 1 to 200.")
    return int(raw)


def _next_url(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = request.query_params.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
