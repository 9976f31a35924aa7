"""The sources app's models: sync bookkeeping, saved queries and requested runs (runs.py);
decisions cited but not in the database and requests to fetch one (precedents.py)."""

from sources.models.precedents import EXTRACTED, FetchRequest, UnresolvedCitation
from sources.models.runs import SavedQuery, SyncRequest, SyncRun, SyncState

__all__ = [
    "EXTRACTED",
    "FetchRequest",
    "SavedQuery",
    "SyncRequest",
    "SyncRun",
    "SyncState",
    "UnresolvedCitation",
]
