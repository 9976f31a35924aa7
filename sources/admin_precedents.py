""" "Cited, not in the database" for curators: the decisions stored rulings cite (by their full
text or by their source's list) that no stored ruling is, grouped by what identifies them with
how many rulings cite each, and a button that queues the fetch of one by identifier for
`sync_sources <source> --requested` — never fetched inside the web request
(docs/sources.md, "Cited, not in the database"). Curators only: the citing rulings may be
drafts of any organisation. Imported by sources.admin."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from organisations.selectors import user_is_curator
from sources import precedents
from sources.models import FetchRequest, UnresolvedCitation

PAGE_SIZE = 100


class CuratorsOnly(admin.ModelAdmin):
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


def cited_groups(query: str = ""):
    """One row per cited decision (`key`): how many rulings cite it, what identifies it, how
    it was cited, most cited first."""
    rows = UnresolvedCitation.objects.all()
    if query:
        rows = rows.filter(Q(key__icontains=query) | Q(text__icontains=query))
    return (
        rows.values("key")
        .annotate(
            citing_count=Count("citing", distinct=True),
            ecli=Max("ecli"),
            celex=Max("celex"),
            source_id=Max("source_id"),
            decided_on=Max("decided_on"),
            text=Min("text"),
            url=Max("url"),
        )
        .order_by("-citing_count", "key")
    )


@admin.register(UnresolvedCitation)
class UnresolvedCitationAdmin(CuratorsOnly):
    """One row per citation waiting; `grouped/` lists them one row per cited decision, with
    the fetch button."""

    list_display = ("key", "citing", "found_in", "created_at")
    list_filter = ("found_in",)
    search_fields = ("key", "text")
    list_select_related = ("citing__court",)
    fields = (
        "key",
        "citing",
        "found_in",
        "text",
        "fragment",
        "url",
        "ecli",
        "celex",
        "source_id",
        "court",
        "number",
        "decided_on",
        "created_at",
    )
    readonly_fields = fields
    change_list_template = "admin/sources/unresolved_change_list.html"

    def get_urls(self):
        grouped = path(
            "grouped/",
            self.admin_site.admin_view(self.grouped_view),
            name="sources_unresolvedcitation_grouped",
        )
        return [grouped, *super().get_urls()]

    def grouped_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._request_fetch(request)
        query = request.GET.get("q", "").strip()[:200]
        page = Paginator(cited_groups(query), PAGE_SIZE).get_page(request.GET.get("p"))
        keys = [row["key"] for row in page]
        found_in: dict[str, set[str]] = {}
        for key, origin in UnresolvedCitation.objects.filter(key__in=keys).values_list(
            "key", "found_in"
        ):
            found_in.setdefault(key, set()).add(origin)
        pending = set(
            FetchRequest.objects.filter(done_at__isnull=True).values_list("source", "identifier")
        )
        rows = []
        for row in page:
            fetch = precedents.fetchable(celex=row["celex"] or "", source_id=row["source_id"] or "")
            rows.append(
                {
                    **row,
                    "found_in": sorted(found_in.get(row["key"], ())),
                    "fetch": fetch,
                    "pending": fetch in pending,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Decisions cited, not in the database, by cited decision"),
            "rows": rows,
            "page": page,
            "query": query,
        }
        return TemplateResponse(request, "admin/sources/cited_not_in_database.html", context)

    def _request_fetch(self, request):
        """Queue the fetch of one cited decision; the sync does it, never this request."""
        key = request.POST.get("key", "")[:200]
        group = cited_groups().filter(key=key).first()
        fetch = (
            precedents.fetchable(celex=group["celex"] or "", source_id=group["source_id"] or "")
            if group
            else None
        )
        if fetch is None:
            messages.error(request, _("No source can fetch this decision by its identifier."))
            return HttpResponseRedirect(request.get_full_path())
        source, identifier = fetch
        try:
            with transaction.atomic():
                FetchRequest.objects.create(
                    source=source, identifier=identifier, requested_by=request.user
                )
        except IntegrityError:
            messages.info(request, _("This decision is already waiting to be fetched."))
        else:
            messages.success(
                request,
                _(
                    "%(identifier)s will be fetched from %(source)s by the next "
                    "“sync_sources %(source)s --requested”."
                )
                % {"identifier": identifier, "source": source},
            )
        return HttpResponseRedirect(request.get_full_path())


@admin.register(FetchRequest)
class FetchRequestAdmin(CuratorsOnly):
    list_display = ("source", "identifier", "requested_by", "requested_at", "done_at", "result")
    list_filter = ("source",)
    fields = list_display
    readonly_fields = list_display
    search_fields = ("identifier",)
