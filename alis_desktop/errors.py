"""Errors the user can act on; their messages are Norwegian and shown as they stand."""

from __future__ import annotations

# A message quotes at most this much of a bad value (a 5 MB field must not fill the screen).
EXCERPT_CHARS = 40
MESSAGE_CHARS = 600


def excerpt(value, limit: int = EXCERPT_CHARS) -> str:
    """A short, printable excerpt of any value for a message: control characters and lone
    surrogates escaped, long text cut with «…»."""
    if isinstance(value, str):
        text = value[: limit + 1]
    else:
        import reprlib
        short = reprlib.Repr()
        short.maxstring = short.maxother = limit
        short.maxlist = short.maxdict = short.maxtuple = 4
        short.maxlevel = 2
        text = short.repr(value)
    out = "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace")
                  .decode("ascii") for c in text[:limit])
    return out + ("…" if len(text) > limit else "")


def _capped(message: str) -> str:
    return message if len(message) <= MESSAGE_CHARS else message[:MESSAGE_CHARS] + "…"


class ValidationError(ValueError):
    """Bad input for one field of one record. Nothing is written when this is raised."""

    def __init__(self, field: str, message: str, *, kind: str = "", record_id=None):
        message = _capped(str(message))
        super().__init__(message)
        self.field = field if isinstance(field, str) and len(field) <= 80 else excerpt(field)
        self.message = message
        self.kind = kind
        self.record_id = record_id

    def located(self, kind: str, record_id, index: int | None = None) -> "ValidationError":
        """The same error, naming the record it came from (used by imports)."""
        return ValidationError(self.field, self.message, kind=kind,
                               record_id=record_id if record_id is not None else index)

    def __str__(self) -> str:
        if self.kind:
            rid = excerpt(str(self.record_id), 20)
            where = f"{self.kind} id={rid}" if self.record_id is not None else self.kind
            return f"{where}, felt «{self.field}»: {self.message}"
        return self.message


class FileProblem(Exception):
    """The file cannot be used as it is (newer version, not SQLite, damaged, locked ...).

    The message is a complete Norwegian sentence for a dialog; the file is left untouched."""
