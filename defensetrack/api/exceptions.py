"""One error shape for every API error, so clients handle errors with one piece of code:

{"code": "invalid", "message": "Check the marked fields.", "fields": {"date_from": ["..."]}}
"""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from defensetrack.tracker.errors import DomainError
from defensetrack.tracker.selectors import InvalidFilters

_MESSAGES = {
    "invalid": "Check the marked fields.",
    "not_found": "There is nothing at this address.",
    "not_authenticated": "Sign in, or send an API token: Authorization: Token <key>.",
    "permission_denied": "Your account may not do this.",
    "throttled": "Too many requests; wait a little and try again.",
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn DRF, Django and domain errors into the one shape; anything else stays a 500."""
    _answer_in_json(context.get("request"))
    if isinstance(exc, RequestDataTooBig):
        return _error(413, "too_large", "The request body is too large.")
    if isinstance(exc, InvalidFilters):
        return _error(400, "invalid", exc.message, exc.fields)
    if isinstance(exc, DomainError):
        return _error(400, exc.code, exc.message)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    response.data = _shape(exc, response.data)
    return response


def _answer_in_json(request) -> None:
    # An error is JSON even when the client asked for CSV: a spreadsheet of one error helps nobody.
    if request is not None and getattr(request, "accepted_renderer", None) is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def _shape(exc: Exception, data: Any) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        return {"code": "invalid", "message": _MESSAGES["invalid"], "fields": fields}
    code = exc.default_code if isinstance(exc, exceptions.APIException) else "error"
    detail = data.get("detail") if isinstance(data, dict) else None
    return {"code": code, "message": str(detail or _MESSAGES.get(code, "Error.")), "fields": {}}


def _error(status_code: int, code: str, message: str, fields: dict | None = None) -> Response:
    return Response({"code": code, "message": message, "fields": fields or {}}, status=status_code)


ERROR_STATUSES = (
    status.HTTP_400_BAD_REQUEST,
    status.HTTP_401_UNAUTHORIZED,
    status.HTTP_403_FORBIDDEN,
    status.HTTP_404_NOT_FOUND,
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    status.HTTP_429_TOO_MANY_REQUESTS,
)
