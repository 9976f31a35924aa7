from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from citations import services
from citations.models import Citation


class CitationInline(admin.TabularInline):
    """Outgoing citations of a ruling or a filing (set `fk_name` in a subclass)."""

    model = Citation
    extra = 0
    autocomplete_fields = ("cited",)
    fields = ("cited", "treatment", "pinpoint", "quote", "origin", "verified")
    verbose_name = _("citation")
    verbose_name_plural = _("cites")


class ExtractCitationsMixin:
    """Adds the "extract citations" action to the admin of rulings and filings (both have a
    `full_text`): resolved citations become unverified ones for an editor to confirm, and the
    result page lists the unresolved ones so that the missing rulings can be added."""

    actions = ("extract_citations",)

    @admin.action(description=_("Extract citations from the text"))
    def extract_citations(self, request, queryset):
        with_text = [item for item in queryset if (item.full_text or "").strip()]
        reports = [services.citations_extract_from_text(citing=item) for item in with_text]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Citations extracted"),
            "opts": self.model._meta,
            "reports": reports,
            "without_text": len(queryset) - len(with_text),
        }
        return TemplateResponse(request, "citations/admin/extract_report.html", context)


class RulingCitationInline(CitationInline):
    fk_name = "citing_ruling"


class FilingCitationInline(CitationInline):
    fk_name = "citing_filing"


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
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

    @admin.action(description=_("Mark selected citations as verified"))
    def mark_verified(self, request, queryset):
        updated = queryset.update(verified=True)
        self.message_user(request, _("%(n)d citation(s) marked as verified.") % {"n": updated})
