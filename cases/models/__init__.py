"""The cases app's models, one module per part of the domain."""

from .base import BilingualMixin, Localized, TrackedModel, VersionedModel, history_records
from .cases import (
    Case,
    CasePublicationChange,
    CaseSlugAlias,
    CaseStatusChange,
    Proceeding,
    ProceedingParty,
)
from .changes import CaseChange
from .docket import Filing, Hearing, HearingChange
from .reference import Counsel, Court, Party, Topic
from .rulings import (
    Ruling,
    RulingNumber,
    outcome_choices_by_procedure,
    outcomes_for,
)
from .updates import Event, StatusUpdate

__all__ = [
    "BilingualMixin",
    "Case",
    "CaseChange",
    "CasePublicationChange",
    "CaseSlugAlias",
    "CaseStatusChange",
    "Counsel",
    "Court",
    "Event",
    "Filing",
    "Hearing",
    "HearingChange",
    "Localized",
    "Party",
    "Proceeding",
    "ProceedingParty",
    "Ruling",
    "RulingNumber",
    "StatusUpdate",
    "Topic",
    "TrackedModel",
    "VersionedModel",
    "history_records",
    "outcome_choices_by_procedure",
    "outcomes_for",
]
