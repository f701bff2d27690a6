"""SQLite storage for the monitor (sqlite-utils): schema and the Store."""

from .schema import SCHEMA_VERSION, ensure_schema
from .store import DEFAULT_DB, Store, StoreError, StoreFault, VersionRecord, dumps, resolve_db_path, utcnow

__all__ = [
    "DEFAULT_DB", "SCHEMA_VERSION", "Store", "StoreError", "StoreFault", "VersionRecord",
    "dumps", "ensure_schema", "resolve_db_path", "utcnow",
]
