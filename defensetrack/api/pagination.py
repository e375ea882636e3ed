"""Cursor pagination: deep pages stay fast and stable while new rows arrive."""

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
            raise ValidationError({"cursor": ["That cursor is not one this server made."]}) from exc
