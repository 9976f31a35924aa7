"""Choice lists used by the models and by the visibility rules (which must not import models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Publication(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class PartyKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    UNION = "union", _("union")
    COMPANY = "company", _("company")
    PUBLIC_AUTHORITY = "public_authority", _("public authority")
    NATURAL_PERSON = "natural_person", _("natural person")
    OTHER = "other", _("other")


class CaseStatus(models.TextChoices):
    FILED = "filed", _("filed")
    HEARING_SCHEDULED = "hearing_scheduled", _("hearing scheduled")
    AWAITING_DECISION = "awaiting_decision", _("heard, awaiting decision")
    DECIDED = "decided", _("decided")
    APPEALED = "appealed", _("appealed")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Where the litigation has come to an end: no further step is to be expected (the case page
# says so instead of "no date announced yet"). An appealed case goes on.
CONCLUDED_STATUSES = frozenset({CaseStatus.DECIDED, CaseStatus.CLOSED, CaseStatus.WITHDRAWN})


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    POSTPONED = "postponed", _("postponed")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")
