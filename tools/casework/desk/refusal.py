"""A request the desk refuses: a message for the coordinator and the HTTP status to send."""

from __future__ import annotations


class ApiError(Exception):
    """A request the desk refuses, with a message for the coordinator."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
