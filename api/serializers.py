"""Read-only representations. Party names go through the case's pseudonyms
(cases.selectors.case_party_names), as on the case page; a pseudonymised person has no slug."""

import uuid

from django.conf import settings
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import selectors, visibility
from cases.models import (
    Case,
    Court,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    StatusUpdate,
)
from citations.models import Citation


def case_names(context: dict, case: Case) -> dict[int, str]:
    """The case's public party names, computed once per case and response."""
    cache = context.setdefault("_case_names", {})
    if case.pk not in cache:
        cache[case.pk] = selectors.case_party_names(case=case)
    return cache[case.pk]


class PageUrlField(serializers.Field):
    """Absolute URL of the object's public page (SITE_URL)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return f"{settings.SITE_URL}{value.get_absolute_url()}"


extend_schema_field({"type": "string", "format": "uri"})(PageUrlField)


class CourtSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Court
        fields = [
            "uid",
            "slug",
            "name_fr",
            "name_en",
            "short_name_fr",
            "short_name_en",
            "country",
            "ecli_code",
            "kind",
            "url",
        ]


class PartySerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = Party
        fields = ["uid", "slug", "name", "kind", "website", "url"]


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    party = serializers.SerializerMethodField(help_text="Party slug; null when pseudonymised.")
    kind = serializers.CharField(source="party.kind")
    counsel = serializers.SerializerMethodField()

    class Meta:
        model = ProceedingParty
        fields = ["name", "party", "kind", "role", "counsel"]

    def get_name(self, obj) -> str:
        return visibility.public_party_name(
            obj.party, case_names(self.context, obj.proceeding.case)
        )

    def get_party(self, obj) -> str | None:
        return None if visibility.is_pseudonymised(obj.party) else obj.party.slug

    def get_counsel(self, obj) -> list[str]:
        return [c.name for c in obj.counsel.all()]


class ProceedingSerializer(serializers.ModelSerializer):
    court = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.SerializerMethodField()
    parties = ParticipantSerializer(source="participants", many=True, read_only=True)

    class Meta:
        model = Proceeding
        fields = [
            "uid",
            "court",
            "number",
            "procedure",
            "lodged_on",
            "parent",
            "origin",
            "parties",
            "other_applicants",
        ]

    def get_parent(self, obj) -> uuid.UUID | None:
        """The proceeding this one comes from, unless it belongs to an unpublished case."""
        parent = obj.parent
        if parent is None or not visibility.case_is_public(parent.case):
            return None
        return parent.uid


class CaseSerializer(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    proceedings = ProceedingSerializer(many=True, read_only=True)
    url = PageUrlField()

    def to_representation(self, instance):
        # The party names come from the prefetched proceedings (CaseViewSet.get_queryset):
        # asking case_party_names to fetch them cost two queries per case in a list.
        participants = selectors.participants_in_order(instance.proceedings.all())
        names = selectors.case_party_names(case=instance, participants=participants)
        self.context.setdefault("_case_names", {})[instance.pk] = names
        return super().to_representation(instance)

    class Meta:
        model = Case
        fields = [
            "uid",
            "slug",
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "status",
            "publication",
            "topics",
            "proceedings",
            "created_at",
            "updated_at",
            "url",
        ]


class FilingSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="proceeding.case.slug")
    proceeding = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    filed_by = serializers.SerializerMethodField()

    class Meta:
        model = Filing
        fields = [
            "uid",
            "case",
            "proceeding",
            "kind",
            "registered_on",
            "filed_by",
            "summary_fr",
            "summary_en",
            "source_url",
        ]

    def get_filed_by(self, obj) -> list[str]:
        names = case_names(self.context, obj.proceeding.case)
        return [visibility.public_party_name(p, names) for p in obj.filed_by.all()]


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
        "example": "10:30:00",
        "description": "Paris wall-clock time (HH:MM:SS), without a UTC offset.",
    }
)
class WallClockTimeField(serializers.TimeField):
    """A hearing time as the court announces it: local time in Paris. Not an OpenAPI `time`,
    which (RFC 3339 full-time) would need an offset that a wall-clock time does not have."""


class WallClockModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TimeField: WallClockTimeField,
    }


class HearingChangeSerializer(WallClockModelSerializer):
    class Meta:
        model = HearingChange
        fields = [
            "uid",
            "changed_at",
            "old_date",
            "old_start_time",
            "new_date",
            "new_start_time",
            "old_status",
            "new_status",
            "reason",
        ]


class HearingSerializer(WallClockModelSerializer):
    case = serializers.CharField(source="proceeding.case.slug")
    court = serializers.CharField(source="proceeding.court.slug")
    number = serializers.CharField(source="proceeding.number")
    changes = HearingChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Hearing
        fields = [
            "uid",
            "case",
            "court",
            "number",
            "date",
            "end_date",
            "start_time",
            "end_time",
            "formation_fr",
            "formation_en",
            "location",
            "status",
            "notes_fr",
            "notes_en",
            "sequence",
            "changes",
        ]


class RulingProceedingSerializer(serializers.ModelSerializer):
    """A proceeding a ruling decides, with its case (only public ones are listed)."""

    case = serializers.CharField(source="case.slug")
    court = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Proceeding
        fields = ["uid", "case", "court", "number"]


class RulingSerializer(serializers.ModelSerializer):
    court = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    case = serializers.SerializerMethodField(
        help_text="Slug of the (first public) case the ruling belongs to; null for case law "
        "outside any case."
    )
    proceedings = serializers.SerializerMethodField(
        help_text="The public proceedings the ruling decides, its main one first: several "
        "for a judgment on joined cases."
    )
    numbers = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    opinion_for = serializers.SerializerMethodField(
        help_text="Slug of the judgment this opinion precedes; null until that one is public."
    )
    url = PageUrlField()

    class Meta:
        model = Ruling
        fields = [
            "uid",
            "slug",
            "ecli",
            "celex",
            "court",
            "case",
            "proceedings",
            "kind",
            "decided_on",
            "numbers",
            "short_name",
            "case_name",
            "advocate_general",
            "title_fr",
            "title_en",
            "formation_fr",
            "formation_en",
            "outcome",
            "outcome_text_fr",
            "outcome_text_en",
            "summary_fr",
            "summary_en",
            "language",
            "source_url",
            "opinion_for",
            "url",
        ]

    def get_case(self, obj) -> str | None:
        shown = selectors.ruling_public_proceedings(obj)
        return shown[0].case.slug if shown else None

    @extend_schema_field(RulingProceedingSerializer(many=True))
    def get_proceedings(self, obj) -> list[dict]:
        shown = selectors.ruling_public_proceedings(obj)
        return RulingProceedingSerializer(shown, many=True, context=self.context).data

    def get_opinion_for(self, obj) -> str | None:
        judgment = obj.opinion_for
        if judgment is None or not visibility.ruling_is_public(judgment):
            return None
        return judgment.slug


class CitationSerializer(serializers.ModelSerializer):
    citing_ruling = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    citing_filing = serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)
    cited = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Citation
        fields = [
            "uid",
            "citing_ruling",
            "citing_filing",
            "cited",
            "treatment",
            "pinpoint",
            "quote",
            "origin",
            "verified",
        ]


class EventSerializer(serializers.ModelSerializer):
    cases = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "uid",
            "occurred_on",
            "kind",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "source_url",
            "cases",
        ]

    def get_cases(self, obj) -> list[str]:
        return [c.slug for c in obj.public_cases]


class StatusUpdateSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.slug")

    class Meta:
        model = StatusUpdate
        fields = [
            "uid",
            "case",
            "posted_on",
            "text_fr",
            "text_en",
            "next_step_fr",
            "next_step_en",
            "expected_on",
        ]


class TimelineEntrySerializer(serializers.Serializer):
    type = serializers.CharField()
    uid = serializers.UUIDField()
    date = serializers.DateField()
    title = serializers.CharField()
    url = serializers.URLField(allow_null=True)
