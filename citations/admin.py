"""Citations in the admin, scoped like the rest: a citation belongs to the organisation of the
ruling or filing it comes from; any ruling the editor may see, or any public one, may be cited.

The ruling and filing admins belong to the cases app, which knows nothing of citations: at the
end of this module their registrations are replaced by subclasses adding the outgoing
citations inline and the "extract citations" action (Django's way to extend another app's
admin). This app comes after cases in INSTALLED_APPS, so the admin loads this module after
cases.admin."""

from django.contrib import admin
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from cases import permissions
from cases.admin import FilingAdmin, RulingAdmin
from cases.admin_scoping import HistoryAdmin, ScopedTabularInline, VersionedForm
from cases.models import Filing, Ruling
from citations import services as citation_services
from citations.models import Citation


def verified_by_hand(db_field, kwargs: dict) -> dict:
    """A citation an editor types has been read by that editor: its "verified" box starts
    ticked (extracted and imported citations are the unverified ones, docs/citations.md)."""
    if db_field.name == "verified":
        kwargs.setdefault("initial", True)
    return kwargs


def citable_rulings(request):
    """Rulings a citation may point to: those the user sees, and every public one."""
    return permissions.relation_choices(request.user, Citation, "cited", Ruling.objects.all())


class CitationInline(ScopedTabularInline):
    """Outgoing citations of a ruling or a filing (set `fk_name` in a subclass)."""

    model = Citation
    form = VersionedForm
    extra = 0
    autocomplete_fields = ("cited",)
    fields = ("cited", "treatment", "pinpoint", "quote", "origin", "verified", "version")
    verbose_name = _("citation")
    verbose_name_plural = _("cites")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(
            db_field, request, **verified_by_hand(db_field, kwargs)
        )

    def get_queryset(self, request):
        # Shared case law shown to an editor may cite what the editor may not see.
        return super().get_queryset(request).filter(cited__in=citable_rulings(request))


class ExtractCitationsMixin:
    """Adds the "extract citations" action to the admin of rulings and filings (both have a
    `full_text`): resolved citations become unverified ones for an editor to confirm, and the
    result page lists the unresolved ones so that the missing rulings can be added."""

    actions = ("extract_citations",)

    @admin.action(description=_("Extract citations from the text"))
    def extract_citations(self, request, queryset):
        # Citations are written to the citing item: only those the user may change (not
        # shared case law, for an editor), resolved among the rulings they may cite.
        editable = [item for item in queryset if self.has_change_permission(request, item)]
        with_text = [item for item in editable if (item.full_text or "").strip()]
        rulings = citable_rulings(request)
        reports = [
            citation_services.citations_extract_from_text(citing=item, rulings=rulings)
            for item in with_text
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Citations extracted"),
            "opts": self.model._meta,
            "reports": reports,
            "without_text": len(editable) - len(with_text),
            "not_editable": len(queryset) - len(editable),
        }
        return TemplateResponse(request, "citations/admin/extract_report.html", context)


class RulingCitationInline(CitationInline):
    fk_name = "citing_ruling"


class FilingCitationInline(CitationInline):
    fk_name = "citing_filing"


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    form = VersionedForm
    list_display = ("__str__", "treatment", "origin", "verified", "updated_at")
    list_filter = ("treatment", "origin", "verified")
    search_fields = (
        "cited__short_name",
        "cited__ecli",
        "citing_ruling__short_name",
        "citing_ruling__ecli",
        "quote",
    )
    autocomplete_fields = ("citing_ruling", "citing_filing", "cited")
    list_select_related = ("citing_ruling__court", "citing_filing", "cited__court")
    readonly_fields = ("uid", "created_at", "updated_at")
    actions = ("mark_verified",)

    def scope(self, request, queryset):
        if permissions.is_curator(request.user):
            return queryset
        rulings = permissions.scope_queryset(
            Ruling.objects.all(), request.user, with_reference=False
        )
        filings = permissions.scope_queryset(Filing.objects.all(), request.user)
        return queryset.filter(
            Q(citing_ruling__in=rulings.values("pk")) | Q(citing_filing__in=filings.values("pk"))
        )

    def _citing(self, obj):
        if obj.citing_ruling_id is not None:
            return permissions.live_or_historical(Ruling, obj.citing_ruling_id)
        return permissions.live_or_historical(Filing, obj.citing_filing_id)

    def may_view(self, request, obj) -> bool:
        return self.may_edit(request, obj)

    def may_edit(self, request, obj) -> bool:
        if permissions.is_curator(request.user):
            return True
        try:
            return permissions.can_edit(request.user, self._citing(obj))
        except permissions.UnknownRecord:
            return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(
            db_field, request, **verified_by_hand(db_field, kwargs)
        )

    # Choices: cited = own, reference and public rulings; citing ruling or filing = own only
    # (permissions.relation_choices, through ScopedRelationsMixin).

    @admin.action(description=_("Mark selected citations as verified"))
    def mark_verified(self, request, queryset):
        # Verified, a citation counts in the public cited-by counts and the citator signal.
        mine = [c for c in queryset.filter(verified=False) if self.may_edit(request, c)]
        updated = citation_services.citations_verify(citations=mine, by=request.user)
        self.message_user(request, _("%(n)d citation(s) marked as verified.") % {"n": updated})


# The cases app's ruling and filing admins, with their citations -----------------------------

admin.site.unregister(Ruling)
admin.site.unregister(Filing)


@admin.register(Ruling)
class RulingWithCitationsAdmin(ExtractCitationsMixin, RulingAdmin):
    inlines = (*RulingAdmin.inlines, RulingCitationInline)


@admin.register(Filing)
class FilingWithCitationsAdmin(ExtractCitationsMixin, FilingAdmin):
    inlines = (*FilingAdmin.inlines, FilingCitationInline)
