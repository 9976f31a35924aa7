"""The sources' admin beyond the read-only runs (sources/admin.py imports this module):
- saved queries, each an organisation's (its members see and edit only theirs) or the
  curators' (no organisation: curators only);
- the page per source (curators only): last runs, checkpoint, lock, and the "run now (dry
  run)" button, which only queues the run for `sync_sources --queued` (docs/sources.md)."""

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from organisations.selectors import organisation_list_for, user_is_curator, user_organisation_ids
from sources import queue
from sources.connectors import SOURCES
from sources.models import SavedQuery, SyncRequest
from sources.scope import JURISDICTIONS
from sources.selectors import source_overview

JURISDICTION_NAMES = {
    "cc": _("Cour de cassation (cc)"),
    "ca": _("courts of appeal (ca)"),
    "tj": _("judicial courts (tj)"),
    "tcom": _("commercial courts (tcom)"),
    "cph": _("labour courts (cph)"),
}
LOCATION = re.compile(r"^[a-z0-9_]{2,40}$")


def _is_member(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user_organisation_ids(user=user))


class SavedQueryForm(forms.ModelForm):
    jurisdictions = forms.MultipleChoiceField(
        label=_("jurisdictions"),
        choices=[(code, JURISDICTION_NAMES[code]) for code in JURISDICTIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=SavedQuery._meta.get_field("jurisdictions").help_text,
    )
    locations = forms.CharField(
        label=_("court seats"),
        required=False,
        help_text=_("Judilibre seat codes, separated by commas (ca_paris, tj33063)."),
    )

    class Meta:
        model = SavedQuery
        fields = ("source", "query", "operator", "jurisdictions", "locations", "organisation")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["locations"] = ", ".join(self.instance.locations or [])
        organisation = self.fields["organisation"]
        organisation.queryset = organisation_list_for(user=user)
        if not user_is_curator(user=user):
            # A member's query is always one of their organisations'.
            organisation.required = True
            organisation.empty_label = None

    def clean_query(self):
        query = self.cleaned_data["query"].strip()
        if not query:
            raise forms.ValidationError(_("Give the words to search for."), code="required")
        return query

    def clean_locations(self):
        codes = [c.strip() for c in self.cleaned_data["locations"].split(",") if c.strip()]
        wrong = [c for c in codes if not LOCATION.match(c)]
        if wrong:
            raise forms.ValidationError(
                _("Not a seat code: %(codes)s."), params={"codes": ", ".join(wrong)}, code="invalid"
            )
        return codes


@admin.register(SavedQuery)
class SavedQueryAdmin(admin.ModelAdmin):
    form = SavedQueryForm
    list_display = ("query", "source", "operator", "organisation", "active")
    list_filter = ("source", "active")
    search_fields = ("query",)
    fields = ("source", "query", "operator", "jurisdictions", "locations", "organisation", "active")

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class Form(base):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=user, **kw)

        return Form

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("organisation")
        if user_is_curator(user=request.user):
            return qs
        return qs.filter(organisation__in=user_organisation_ids(user=request.user))

    def _may(self, request, obj) -> bool:
        user = request.user
        if user_is_curator(user=user):
            return True
        if not _is_member(user):
            return False
        return obj is None or obj.organisation_id in user_organisation_ids(user=user)

    def has_module_permission(self, request):
        return self._may(request, None)

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request):
        return self._may(request, None)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)


@admin.register(SyncRequest)
class SourcesOverviewAdmin(admin.ModelAdmin):
    """Its change list is the page per source; requests are made by the button only."""

    def has_module_permission(self, request):
        return user_is_curator(user=request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_curator(user=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        run_now = path(
            "run/",
            self.admin_site.admin_view(self.run_now_view),
            name="sources_syncrequest_run",
        )
        return [run_now, *super().get_urls()]

    change_list_template = "admin/sources/overview.html"
    list_display = ("source", "status", "requested_at", "requested_by", "run")
    list_filter = ("source", "status")

    def changelist_view(self, request, extra_context=None):
        """The page per source (its template shows the sources, not the request rows)."""
        if not user_is_curator(user=request.user):
            raise PermissionDenied
        context = {
            "title": _("Case-law sources"),
            "sources": source_overview(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def run_now_view(self, request):
        if not user_is_curator(user=request.user):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        source = request.POST.get("source", "")
        if source not in SOURCES:
            return HttpResponseBadRequest(_("Unknown source."))
        _request, created = queue.request_run(source=source, user=request.user, dry_run=True)
        if created:
            messages.success(
                request,
                _("Dry run of %(source)s queued: it runs at the next call of the worker.")
                % {"source": source},
            )
        else:
            messages.info(
                request, _("A dry run of %(source)s is already waiting.") % {"source": source}
            )
        return HttpResponseRedirect(reverse("admin:sources_syncrequest_changelist") + f"#{source}")
