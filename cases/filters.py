"""Filters of the public list pages (django-filter FilterSets and plain forms).

Every value is validated by the form: an unknown court, a malformed date or a query past
MAX_QUERY_LENGTH makes the form invalid and the page answers 400 with the form and its errors.
Cases and parties are typed names matched by cases.matching, which finds public records only
(a draft's slug is as unknown as a made-up one); a name matching nothing is not an error but an
empty result the page explains.
"""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases import matching, search, selectors
from cases.models import (
    Case,
    Court,
    Hearing,
    Proceeding,
    ProceedingParty,
    Ruling,
    Topic,
    outcome_choices_by_procedure,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = _("any")
# French agrees "any" with the field's noun: "tous" (statut, thème), "toutes" (juridiction…).
ANY_FEMININE = pgettext_lazy("feminine in French: court, procedure, kind, outcome", "any")


class SlugChoice(django_filters.ModelChoiceFilter):
    """A model chosen by its slug in the URL (?court=ce)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", ANY)
        super().__init__(*args, **kwargs)


class SuggestInput(forms.TextInput):
    """A text input offering, as the reader types, the names the suggestion endpoint
    `suggest_url` answers (static/js/suggest.js fills the <datalist>; without JavaScript the
    input is a plain text box and the page matches what was typed)."""

    def __init__(self, suggest_url: str, attrs=None):
        super().__init__(attrs={"spellcheck": "false", "autocomplete": "off", **(attrs or {})})
        self.suggest_url = suggest_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            widget_attrs["list"] = f"{widget_attrs['id']}_suggestions"
            widget_attrs["data-suggest"] = reverse(self.suggest_url)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not (attrs or {}).get("id"):
            return html
        return html + format_html('<datalist id="{}_suggestions"></datalist>', attrs["id"])


class NameField(forms.CharField):
    """A case or a party typed as text: a slug, a name or a piece of one (cases.matching),
    instead of picked from a <select> of tens of thousands of options. Cleans to a
    matching.NameMatch, which may hold several records or none: the page says so and answers
    200 (docs/finding.md)."""

    def __init__(self, *, match, suggest_url: str, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", matching.MAX_TEXT_LENGTH)
        # One character would match most names: the form says to type more.
        kwargs.setdefault("min_length", matching.MIN_TEXT_LENGTH)
        kwargs.setdefault("widget", SuggestInput(suggest_url))
        super().__init__(**kwargs)
        self.match = match

    def clean(self, value):
        text = super().clean(value).strip()
        return self.match(text) if text else None

    def prepare_value(self, value):
        return str(value) if value is not None else value


class NameFilter(django_filters.Filter):
    """A NameField in a FilterSet; its `method` receives the NameMatch."""

    field_class = NameField


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
    party = NameFilter(
        label=_("Party"),
        match=matching.party_match,
        suggest_url="suggest_parties",
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

    def filter_party(self, qs, name, found):
        return qs.filter(
            Exists(
                ProceedingParty.objects.filter(
                    proceeding__case=OuterRef("pk"), party__in=found.records
                )
            )
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
    # Names or slugs typed or linked (case and party pages link here), not <select>s: at
    # 100,000 cases a list of every case and party made the page megabytes long and took
    # seconds to render. The view passes the matches to selectors.hearing_calendar.
    case = NameFilter(
        label=_("Case"),
        match=matching.case_match,
        suggest_url="suggest_cases",
        method="filter_nothing",
    )
    party = NameFilter(
        label=_("Party"),
        match=matching.party_match,
        suggest_url="suggest_parties",
        method="filter_nothing",
    )

    # The first day of a page of the calendar (cases.selectors.hearing_schedule_page).
    start = django_filters.DateFilter(method="filter_nothing", widget=forms.HiddenInput)

    class Meta:
        model = Hearing
        fields = ()
        form = CalendarForm

    def filter_nothing(self, qs, name, value):
        return qs


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
        label=_("Outcome"), choices=outcome_choices_by_procedure, empty_label=ANY_FEMININE
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
    case = NameField(label=_("Case"), match=matching.case_match, suggest_url="suggest_cases")
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
