"""OpenAPI post-processing: the one error shape on every operation, and anonymous reads.

Every endpoint can answer 400, 401, 403, 404, 413 or 429 in the shape of api/exceptions.py;
saying so once here keeps the schema honest without repeating it on each view.
"""

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "fields"],
    "properties": {
        "code": {"type": "string", "example": "invalid"},
        "message": {"type": "string", "example": "Check the marked fields."},
        "fields": {
            "type": "object",
            "additionalProperties": {},
            "description": "Per-field messages, for validation errors.",
        },
    },
}
ERROR_STATUSES = {
    "400": "Bad parameters or body",
    "401": "Sign in or send a token",
    "403": "Not allowed for this account",
    "404": "Not found",
    "413": "Request body too large",
    "429": "Too many requests",
}


def add_error_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method in {"get", "head"} and {} not in operation.get("security", [{}]):
                operation["security"].append({})  # every read is open to anonymous clients
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_STATUSES.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
