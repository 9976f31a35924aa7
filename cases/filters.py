"""Filters of the public list pages (django-filter FilterSets and plain forms).

Every value is validated by the form: an unknown court, a malformed date or a query past
MAX_QUERY_LENGTH makes the form invalid and the page answers 400 with the form and its errors.
Choices of cases and parties only ever hold public records, so a draft's slug is as unknown
as a made-up one.
"""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases import search, selectors
from cases.models import Case, Court, Hearing, Proceeding, ProceedingParty, Ruling, Topic

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = _("any")
# French agrees "any" with the field's noun: "tous" (statut, thème), "toutes" (juridiction…).
ANY_FEMININE = pgettext_lazy("feminine in French: court, procedure, kind, outcome", "any")
SLUG_WIDGET = forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"})


class SlugChoice(django_filters.ModelChoiceFilter):
    """A model chosen by its slug in the URL (?court=ce)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", ANY)
        super().__init__(*args, **kwargs)


class RecordByTextField(forms.CharField):
    """A record typed as text (its slug, or else its exact name) instead of picked from a
    <select>: a select of every public party or case holds tens of thousands of options at
    scale. Cleans to the record, found in `queryset` by slug then by case-insensitive name
    (one indexed query); a text matching no record is invalid (the page answers 400)."""

    default_error_messages = {"unknown": _("No such record: “%(value)s”.")}

    def __init__(self, *, queryset: QuerySet, name_field: str | None = None, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.queryset, self.name_field = queryset, name_field

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        record = self.queryset.filter(slug=text).first()
        if record is None and self.name_field:
            record = self.queryset.filter(**{f"{self.name_field}__iexact": text}).first()
        if record is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text[:50]}
            )
        return record

    def prepare_value(self, value):
        return getattr(value, "slug", value)


class RecordByTextFilter(django_filters.Filter):
    field_class = RecordByTextField


class DateRangeForm(forms.Form):
    """Rejects a range whose end comes before its start."""

    def clean(self):
        data = super().clean()
        after, before = data.get("filed_after"), data.get("filed_before")
        if after and before and after > before:
            self.add_error("filed_before", _("The end date is before the start date."))
        return data


class CalendarForm(forms.Form):
    """Keeps the hearings calendar's page cursor within dates a page can start at."""

    def clean_start(self):
        start = self.cleaned_data.get("start")
        if start and not (dt.date(1900, 1, 1) <= start <= dt.date(2100, 12, 31)):
            raise forms.ValidationError(_("Enter a date between 1900 and 2100."))
        return start


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Words"), method="filter_q", max_length=search.MAX_QUERY_LENGTH
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Case.Status.choices, empty_label=ANY
    )
    court = SlugChoice(
        label=_("Court"),
        queryset=Court.objects.all(),
        method="filter_court",
        empty_label=ANY_FEMININE,
    )
    procedure = django_filters.ChoiceFilter(
        label=_("Procedure"),
        choices=Proceeding.Procedure.choices,
        empty_label=ANY_FEMININE,
        method="filter_procedure",
    )
    topic = SlugChoice(label=_("Topic"), queryset=Topic.objects.all(), field_name="topics")
    party = RecordByTextFilter(
        label=_("Party"),
        queryset=selectors.party_list_for_filter(),
        name_field="name",
        method="filter_party",
    )
    filed_after = django_filters.DateFilter(
        label=_("Filed from"), method="filter_filed_after", widget=DATE_WIDGET
    )
    filed_before = django_filters.DateFilter(
        label=_("Filed until"), method="filter_filed_before", widget=DATE_WIDGET
    )
    upcoming = django_filters.BooleanFilter(
        label=_("With an upcoming hearing"),
        method="filter_upcoming",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("updated", _("recently edited")),
            ("activity", _("latest activity")),
            ("filed", _("recently filed")),
            ("title", _("title")),
        ],
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Case
        fields = ()
        form = DateRangeForm

    def _with_proceeding(self, qs: QuerySet, **lookups) -> QuerySet:
        return qs.filter(Exists(Proceeding.objects.filter(case=OuterRef("pk"), **lookups)))

    def filter_q(self, qs, name, value):
        return search.filter_text(qs, value)

    def filter_court(self, qs, name, value):
        return self._with_proceeding(qs, court=value)

    def filter_procedure(self, qs, name, value):
        return self._with_proceeding(qs, procedure=value)

    def filter_party(self, qs, name, value):
        return qs.filter(
            Exists(ProceedingParty.objects.filter(proceeding__case=OuterRef("pk"), party=value))
        )

    def filter_filed_after(self, qs, name, value):
        return self._with_proceeding(qs, lodged_on__gte=value)

    def filter_filed_before(self, qs, name, value):
        return self._with_proceeding(qs, lodged_on__lte=value)

    def filter_upcoming(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Exists(
                Hearing.objects.filter(
                    proceeding__case=OuterRef("pk"), date__gte=timezone.localdate()
                ).exclude(status=Hearing.Status.CANCELLED)
            )
        )

    def filter_sort(self, qs, name, value):
        if value == "activity" and "last_activity_on" not in qs.query.annotations:
            # Lists built on case_list (feeds, CSV) sort by it without showing it.
            return selectors.with_last_activity(qs)
        return qs

    @property
    def ordering(self) -> tuple:
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        if sort == "title":
            return ("title_fr", "pk")
        if sort == "filed":
            return ("-created_at", "-pk")
        if sort == "activity":
            # The date each row shows (selectors.last_activity), cases without events last.
            # Computed for every matching case, not read from an index: not the default.
            return (F("last_activity_on").desc(nulls_last=True), "-pk")
        # The default stays the record's edit time, which an index answers at any size.
        return ("-updated_at", "-pk")


class HearingFilter(django_filters.FilterSet):
    """The hearings calendar; `when` is read by the view (upcoming or past)."""

    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("upcoming")), ("past", _("past"))],
        empty_label=None,
        method="filter_nothing",
    )
    court = SlugChoice(
        label=_("Court"),
        queryset=Court.objects.all(),
        field_name="proceeding__court",
        empty_label=ANY_FEMININE,
    )
    # Slugs typed or linked (case and party pages link here), not <select>s: at 100,000 cases
    # a list of every case and party made the page megabytes long and took seconds to render.
    case = SlugChoice(
        label=_("Case"),
        queryset=Case.objects.public(),
        field_name="proceeding__case",
        widget=SLUG_WIDGET,
    )
    party = SlugChoice(
        label=_("Party"),
        queryset=selectors.party_list_for_filter(),
        method="filter_party",
        widget=SLUG_WIDGET,
    )

    # The first day of a page of the calendar (cases.selectors.hearing_schedule_page).
    start = django_filters.DateFilter(method="filter_nothing", widget=forms.HiddenInput)

    class Meta:
        model = Hearing
        fields = ()
        form = CalendarForm

    def filter_nothing(self, qs, name, value):
        return qs

    def filter_party(self, qs, name, value):
        return qs.filter(
            Exists(ProceedingParty.objects.filter(proceeding=OuterRef("proceeding"), party=value))
        )


class RulingFilter(django_filters.FilterSet):
    court = SlugChoice(
        label=_("Court"),
        queryset=Court.objects.all(),
        field_name="court",
        empty_label=ANY_FEMININE,
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="decided_on__year",
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Ruling.Kind.choices, empty_label=ANY_FEMININE
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=Ruling.Outcome.choices, empty_label=ANY_FEMININE
    )

    class Meta:
        model = Ruling
        fields = ()


class TimelineForm(forms.Form):
    """Filters of the global timeline; `before` is the date cursor of its pages."""

    court = forms.ModelChoiceField(
        label=_("Court"),
        queryset=Court.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=ANY_FEMININE,
    )
    case = RecordByTextField(label=_("Case"), queryset=Case.objects.public())
    kind = forms.MultipleChoiceField(
        label=_("Kinds of entry"),
        choices=[
            ("filing", _("filings")),
            ("hearing", _("hearings")),
            ("ruling", _("rulings")),
            ("event", _("events")),
            ("status", _("status updates")),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)
    before = forms.DateField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        for name in ("start", "end", "before"):
            value = data.get(name)
            if value and not (dt.date(1900, 1, 1) <= value <= dt.date(2100, 12, 31)):
                self.add_error(name, _("Enter a date between 1900 and 2100."))
        return data


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=search.MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
