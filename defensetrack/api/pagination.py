"""Cursor pagination: deep pages stay fast and stable while new rows arrive."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class NewestFirstCursor(CursorPagination):
    """Pages by the view's ordering (the `ordering` parameter), newest id first by default."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        """A cursor we did not make is a bad request (400), not a missing page (DRF's 404)."""
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise _forged() from exc

    def paginate_queryset(self, queryset, request, view=None):
        # A well-formed cursor can still carry a position the ordering field cannot hold
        # ("p=abc" for an id); the query then fails as it runs, inside this method.
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError) as exc:
            raise _forged() from exc


def _forged() -> ValidationError:
    return ValidationError({"cursor": ["That cursor is not one this server made."]})
