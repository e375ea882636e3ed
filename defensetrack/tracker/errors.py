"""Errors the services raise, with messages a person can read; pages and the API show them."""


class DomainError(Exception):
    """A request the domain cannot honour, explained in plain words."""

    code = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RejectedInput(DomainError):
    """Input we will not store: empty, binary, too large, not an article."""

    code = "rejected"


class TransientFetchError(DomainError):
    """A network failure worth retrying later: a timeout, a 5xx, a dropped connection."""

    code = "fetch_failed"


class PermanentFetchError(DomainError):
    """A fetch that will not succeed by retrying: 404, not HTML, a redirect loop."""

    code = "fetch_failed"
