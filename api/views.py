"""Read-only API views. Every queryset is public data only (the models' `.public()`
querysets and `Party.objects.with_public_page()`), joined for what the serializers show."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import routers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from api import filters, serializers
from api.rest import cursor_pagination
from api.schema import AutoSchema
from cases import selectors
from cases.identifiers import IdentifierError, normalise_ecli
from cases.models import (
    Case,
    Court,
    Event,
    Filing,
    Hearing,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    StatusUpdate,
)
from citations.models import Citation
from feeds.selectors import case_feed_entries

# What a slug or a uid can be: anything else in the URL is 404 at the resolver, before it can
# reach the database (PostgreSQL refuses NUL characters in a lookup with an error, not a miss).
SLUG = r"[-a-zA-Z0-9_]+"
UID = r"[0-9a-fA-F-]+"


class APIRootView(routers.APIRootView):
    """/api/v1/: every endpoint's list, then the documentation and the OpenAPI schema, so
    that a client starting from the root finds what each endpoint accepts and answers."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["docs"] = reverse("api:docs", request=request)
        response.data["schema"] = reverse("api:schema", request=request)
        return response


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only endpoints whose schema documents their error answers too."""

    schema = AutoSchema()


class CourtViewSet(ReadOnlyViewSet):
    """Courts (reference data)."""

    queryset = Court.objects.all()
    serializer_class = serializers.CourtSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = filters.CourtFilter
    pagination_class = cursor_pagination("name_fr", "id")


class PartyViewSet(ReadOnlyViewSet):
    """Parties with a public page (pseudonymised natural persons are never listed)."""

    queryset = Party.objects.with_public_page()
    serializer_class = serializers.PartySerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = filters.PartyFilter
    pagination_class = cursor_pagination("name", "id")


class CaseViewSet(ReadOnlyViewSet):
    """Published and archived cases, with their proceedings and parties."""

    serializer_class = serializers.CaseSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = filters.CaseFilter
    pagination_class = cursor_pagination("-updated_at", "-id")

    def get_queryset(self):
        participants = ProceedingParty.objects.select_related("party", "proceeding__case")
        proceedings = Proceeding.objects.select_related("court", "parent__case").prefetch_related(
            Prefetch("participants", queryset=participants.prefetch_related("counsel"))
        )
        return Case.objects.public().prefetch_related(
            "topics", Prefetch("proceedings", queryset=proceedings)
        )

    @extend_schema(responses=serializers.TimelineEntrySerializer(many=True))
    @action(detail=True, pagination_class=None, filterset_class=None)
    def timeline(self, request, slug=None):
        """Every public entry of the case's timeline, most recently changed first."""
        case = self.get_object()
        entries = [timeline_entry(item) for item in case_feed_entries(case=case)]
        return Response(serializers.TimelineEntrySerializer(entries, many=True).data)


def timeline_entry(item) -> dict:
    date = next(
        getattr(item, name)
        for name in (
            "registered_on",
            "date",
            "decided_on",
            "changed_on",
            "posted_on",
            "occurred_on",
        )
        if hasattr(item, name)
    )
    title = str(item)
    url = None
    if isinstance(item, Ruling):
        url = serializers.PageUrlField().to_representation(item)
    return {
        "type": type(item)._meta.model_name,
        "uid": item.uid,
        "date": date,
        "title": title,
        "url": url,
    }


class FilingViewSet(ReadOnlyViewSet):
    queryset = (
        Filing.objects.public().select_related("proceeding__case").prefetch_related("filed_by")
    )
    serializer_class = serializers.FilingSerializer
    lookup_field = "uid"
    lookup_value_regex = UID
    filterset_class = filters.FilingFilter
    pagination_class = cursor_pagination("-registered_on", "-id")


class HearingViewSet(ReadOnlyViewSet):
    queryset = (
        Hearing.objects.public()
        .select_related("proceeding__case", "proceeding__court")
        .prefetch_related("changes")
    )
    serializer_class = serializers.HearingSerializer
    lookup_field = "uid"
    lookup_value_regex = UID
    filterset_class = filters.HearingFilter
    pagination_class = cursor_pagination("-date", "-id")


class RulingViewSet(ReadOnlyViewSet):
    """Rulings; `/rulings/ecli/<ECLI>/` looks one up by its ECLI."""

    queryset = (
        Ruling.objects.public()
        .select_related(
            "court", "proceeding__case", "proceeding__court", "opinion_for__proceeding__case"
        )
        .prefetch_related("numbers", selectors.public_joined_proceedings())
    )
    serializer_class = serializers.RulingSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = filters.RulingFilter
    pagination_class = cursor_pagination("-decided_on", "-id")

    @extend_schema(
        parameters=[OpenApiParameter("ecli", str, OpenApiParameter.PATH)],
        responses=serializers.RulingSerializer,
    )
    @action(
        detail=False,
        url_path=r"ecli/(?P<ecli>[^/]+)",
        pagination_class=None,
        filterset_class=None,
    )
    def ecli(self, request, ecli: str):
        """The ruling with this ECLI; 400 when malformed, 404 when unknown."""
        try:
            normalised = normalise_ecli(ecli)
        except IdentifierError as error:
            raise ValidationError({"ecli": [str(error)]}) from None
        ruling = self.get_queryset().filter(ecli=normalised).first()
        if ruling is None:
            raise NotFound(f"No ruling with ECLI {normalised}.")
        return Response(self.get_serializer(ruling).data)


class CitationViewSet(ReadOnlyViewSet):
    queryset = Citation.objects.public().select_related("citing_ruling", "citing_filing", "cited")
    serializer_class = serializers.CitationSerializer
    lookup_field = "uid"
    lookup_value_regex = UID
    filterset_class = filters.CitationFilter
    pagination_class = cursor_pagination("-created_at", "-id")


class EventViewSet(ReadOnlyViewSet):
    queryset = Event.objects.public().prefetch_related(
        Prefetch("cases", queryset=Case.objects.public(), to_attr="public_cases")
    )
    serializer_class = serializers.EventSerializer
    lookup_field = "uid"
    lookup_value_regex = UID
    filterset_class = filters.EventFilter
    pagination_class = cursor_pagination("-occurred_on", "-id")


class StatusUpdateViewSet(ReadOnlyViewSet):
    queryset = StatusUpdate.objects.public().select_related("case")
    serializer_class = serializers.StatusUpdateSerializer
    lookup_field = "uid"
    lookup_value_regex = UID
    filterset_class = filters.StatusUpdateFilter
    pagination_class = cursor_pagination("-posted_on", "-id")
