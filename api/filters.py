"""Filters of the API: the facets of the public pages (court, status, topic, party, dates,
text), expressed on public data only."""

import datetime as dt

import django_filters as filters
from django import forms
from django.db.models import Q
from django_filters.fields import IsoDateTimeField

from cases import selectors
from cases.identifiers import IdentifierError, normalise_case_number
from cases.models import Case, Court, Event, Filing, Hearing, Party, Ruling, StatusUpdate
from citations.models import Citation


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC: PostgreSQL refuses offsets past ±15:59 that
    Python accepts (2021-03-08T10:00+17:00), and an offset may push a date past year 1."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class CaseFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", help_text="Words in the title or summary.")
    status = filters.ChoiceFilter(choices=Case.Status.choices)
    court = filters.CharFilter(field_name="proceedings__court__slug", distinct=True)
    topic = filters.CharFilter(field_name="topics__slug", distinct=True)
    party = filters.CharFilter(method="by_party", help_text="Slug of a party with a public page.")
    updated_since = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Case
        fields = ["status"]

    def search(self, queryset, name, value):
        q = Q()
        for field in ("title_fr", "title_en", "summary_fr", "summary_en"):
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)

    def by_party(self, queryset, name, value):
        parties = selectors.party_list().filter(slug=value)
        return queryset.filter(proceedings__participants__party__in=parties).distinct()


class HearingFilter(filters.FilterSet):
    case = filters.CharFilter(field_name="proceeding__case__slug")
    court = filters.CharFilter(field_name="proceeding__court__slug")
    status = filters.ChoiceFilter(choices=Hearing.Status.choices)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Hearing
        fields = ["status"]


class FilingFilter(filters.FilterSet):
    case = filters.CharFilter(field_name="proceeding__case__slug")
    court = filters.CharFilter(field_name="proceeding__court__slug")
    kind = filters.ChoiceFilter(choices=Filing.Kind.choices)
    registered_from = filters.DateFilter(field_name="registered_on", lookup_expr="gte")
    registered_to = filters.DateFilter(field_name="registered_on", lookup_expr="lte")

    class Meta:
        model = Filing
        fields = ["kind"]


class RulingFilter(filters.FilterSet):
    court = filters.CharFilter(field_name="court__slug")
    case = filters.CharFilter(
        method="by_case", help_text="Slug of a case: its rulings, joined cases included."
    )
    kind = filters.ChoiceFilter(choices=Ruling.Kind.choices)
    outcome = filters.ChoiceFilter(choices=Ruling.Outcome.choices)
    decided_from = filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_to = filters.DateFilter(field_name="decided_on", lookup_expr="lte")
    number = filters.CharFilter(method="by_number", help_text="A case number: C-311/18, 450163.")

    class Meta:
        model = Ruling
        fields = ["kind", "outcome"]

    def by_number(self, queryset, name, value):
        try:
            number = normalise_case_number(value)
        except IdentifierError:
            return queryset.none()
        return queryset.filter(numbers__number=number).distinct()

    def by_case(self, queryset, name, value):
        # Only through a public case: a public ruling on joined cases must not confirm that
        # it belongs to an unpublished one (cases.visibility).
        cases = Case.objects.public().filter(slug=value)
        joined = Ruling.joined_proceedings.through.objects.filter(proceeding__case__in=cases)
        return queryset.filter(Q(proceeding__case__in=cases) | Q(pk__in=joined.values("ruling_id")))


class CitationFilter(filters.FilterSet):
    cited = filters.CharFilter(field_name="cited__slug", help_text="Slug of the cited ruling.")
    citing = filters.CharFilter(field_name="citing_ruling__slug")
    treatment = filters.ChoiceFilter(choices=Citation.Treatment.choices)
    # A choice, not a BooleanFilter: that one ignores a value it cannot read instead of a 400.
    verified = filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        help_text="true: checked by an editor; false: not yet (listed, but not counted).",
    )

    class Meta:
        model = Citation
        fields = ["treatment"]


class CourtFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Court.Kind.choices)
    country = filters.CharFilter()

    class Meta:
        model = Court
        fields = ["kind", "country"]


class PartyFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Party.Kind.choices)
    q = filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Party
        fields = ["kind"]


class EventFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Event.Kind.choices)
    case = filters.CharFilter(field_name="cases__slug", distinct=True)
    occurred_from = filters.DateFilter(field_name="occurred_on", lookup_expr="gte")
    occurred_to = filters.DateFilter(field_name="occurred_on", lookup_expr="lte")

    class Meta:
        model = Event
        fields = ["kind"]


class StatusUpdateFilter(filters.FilterSet):
    case = filters.CharFilter(field_name="case__slug")
    posted_from = filters.DateFilter(field_name="posted_on", lookup_expr="gte")
    posted_to = filters.DateFilter(field_name="posted_on", lookup_expr="lte")

    class Meta:
        model = StatusUpdate
        fields = []
