"""Errors the user can act on; their messages are Norwegian and shown as they stand."""

from __future__ import annotations


class ValidationError(ValueError):
    """Bad input for one field of one record. Nothing is written when this is raised."""

    def __init__(self, field: str, message: str, *, kind: str = "", record_id=None):
        super().__init__(message)
        self.field = field
        self.message = message
        self.kind = kind
        self.record_id = record_id

    def located(self, kind: str, record_id, index: int | None = None) -> "ValidationError":
        """The same error, naming the record it came from (used by imports)."""
        return ValidationError(self.field, self.message, kind=kind,
                               record_id=record_id if record_id is not None else index)

    def __str__(self) -> str:
        if self.kind:
            where = f"{self.kind} id={self.record_id}" if self.record_id is not None else self.kind
            return f"{where}, felt «{self.field}»: {self.message}"
        return self.message


class FileProblem(Exception):
    """The file cannot be used as it is (newer version, not SQLite, damaged, locked ...).

    The message is a complete Norwegian sentence for a dialog; the file is left untouched."""
