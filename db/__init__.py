"""The SQLite file: open, migrate, back up; repository functions. SQL lives only here."""

from db.connection import SCHEMA_VERSION, open_file
from db.store import Store

__all__ = ["SCHEMA_VERSION", "Store", "open_file"]
