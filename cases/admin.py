"""Data entry for associations and curators. Every save goes through cases.services so that
the status log, the hearing history, slugs and identifier normalisation hold."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.models import (
    Case,
    CaseSlugAlias,
    CaseStatusChange,
    Counsel,
    Court,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    RulingNumber,
    StatusUpdate,
    Topic,
)
from citations.admin import ExtractCitationsMixin, FilingCitationInline, RulingCitationInline

TIMESTAMPS = ("uid", "created_at", "updated_at")


class ReadOnlyInline(admin.TabularInline):
    """History rows: shown, never edited by hand."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Reference data ---------------------------------------------------------------------------


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ("__str__", "short_name_fr", "country", "ecli_code", "kind")
    list_filter = ("kind", "country")
    search_fields = ("name_fr", "name_en", "short_name_fr", "short_name_en", "ecli_code")
    prepopulated_fields = {"slug": ("short_name_fr",)}
    readonly_fields = TIMESTAMPS


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "name_published_by_court", "website")
    list_filter = ("kind", "name_published_by_court")
    search_fields = ("name",)
    readonly_fields = TIMESTAMPS

    def save_model(self, request, obj, form, change):
        services.party_save(party=obj)


@admin.register(Counsel)
class CounselAdmin(admin.ModelAdmin):
    list_display = ("name", "firm", "website")
    list_filter = ("firm",)
    search_fields = ("name", "firm")
    readonly_fields = TIMESTAMPS


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_fr", "name_en")
    list_filter = ()
    search_fields = ("slug", "name_fr", "name_en")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = TIMESTAMPS


# Cases ------------------------------------------------------------------------------------


class ProceedingInline(admin.TabularInline):
    model = Proceeding
    extra = 0
    fields = ("court", "number", "procedure", "lodged_on", "parent", "origin")
    autocomplete_fields = ("court", "parent")
    show_change_link = True


class StatusUpdateInline(admin.StackedInline):
    model = StatusUpdate
    extra = 0
    fields = (
        "posted_on",
        ("text_fr", "text_en"),
        ("next_step_fr", "next_step_en"),
        "expected_on",
    )


class CaseStatusChangeInline(ReadOnlyInline):
    model = CaseStatusChange
    fields = ("changed_on", "from_status", "to_status", "note", "changed_by")
    readonly_fields = fields


class CaseAdminForm(forms.ModelForm):
    status_changed_on = forms.DateField(
        label=_("status changed on"),
        required=False,
        help_text=_("When the status changed in reality (today when empty)."),
    )
    status_note = forms.CharField(label=_("status note"), required=False, max_length=300)

    class Meta:
        model = Case
        fields = "__all__"  # noqa: DJ007 -- the ModelAdmin's fieldsets choose the fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    form = CaseAdminForm
    list_display = ("__str__", "status", "publication", "updated_at")
    list_filter = ("publication", "status", "topics")
    search_fields = ("title_fr", "title_en", "slug", "proceedings__number")
    autocomplete_fields = ("topics",)
    readonly_fields = TIMESTAMPS
    fieldsets = (
        (None, {"fields": (("title_fr", "title_en"), "slug", ("summary_fr", "summary_en"))}),
        (_("Status"), {"fields": ("status", "status_changed_on", "status_note")}),
        (_("Publication"), {"fields": ("publication", "topics")}),
        (_("Record"), {"fields": TIMESTAMPS, "classes": ("collapse",)}),
    )
    inlines = (ProceedingInline, StatusUpdateInline, CaseStatusChangeInline)
    actions = ("publish", "submit_for_review", "archive", "unpublish")

    def save_model(self, request, obj, form, change):
        services.case_save(
            case=obj,
            by=request.user,
            status_on=form.cleaned_data.get("status_changed_on"),
            status_note=form.cleaned_data.get("status_note", ""),
        )

    def _publication(self, request, queryset, state):
        count = services.case_set_publication(cases=queryset, publication=state, by=request.user)
        self.message_user(
            request,
            _("%(n)d case(s) now %(state)s.")
            % {"n": count, "state": Case.Publication(state).label},
        )

    @admin.action(description=_("Publish selected cases"))
    def publish(self, request, queryset):
        self._publication(request, queryset, Case.Publication.PUBLISHED)

    @admin.action(description=_("Submit selected cases for review"))
    def submit_for_review(self, request, queryset):
        self._publication(request, queryset, Case.Publication.REVIEW)

    @admin.action(description=_("Archive selected cases"))
    def archive(self, request, queryset):
        self._publication(request, queryset, Case.Publication.ARCHIVED)

    @admin.action(description=_("Unpublish selected cases (back to draft)"))
    def unpublish(self, request, queryset):
        self._publication(request, queryset, Case.Publication.DRAFT)


@admin.register(CaseStatusChange)
class CaseStatusChangeAdmin(admin.ModelAdmin):
    list_display = ("case", "changed_on", "from_status", "to_status", "changed_by")
    list_filter = ("to_status",)
    search_fields = ("case__title_fr", "case__title_en", "note")
    autocomplete_fields = ("case",)
    list_select_related = ("case", "changed_by")
    readonly_fields = (*TIMESTAMPS, "changed_by")


@admin.register(CaseSlugAlias)
class CaseSlugAliasAdmin(admin.ModelAdmin):
    list_display = ("slug", "case")
    list_filter = ()
    search_fields = ("slug", "case__slug")
    autocomplete_fields = ("case",)
    list_select_related = ("case",)
    readonly_fields = TIMESTAMPS


# Proceedings, filings, hearings -----------------------------------------------------------


class HearingForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("reason for the change"),
        required=False,
        max_length=300,
        help_text=_("Kept in the hearing's public history when the date, time or status changes."),
    )

    class Meta:
        model = Hearing
        fields = "__all__"  # noqa: DJ007 -- the ModelAdmin's fields choose the fields


class ProceedingPartyInline(admin.TabularInline):
    model = ProceedingParty
    extra = 0
    autocomplete_fields = ("party", "counsel")


class FilingInline(admin.StackedInline):
    model = Filing
    extra = 0
    fields = ("kind", "registered_on", "filed_by", ("summary_fr", "summary_en"), "source_url")
    autocomplete_fields = ("filed_by",)
    show_change_link = True


class HearingInline(admin.StackedInline):
    model = Hearing
    form = HearingForm
    extra = 0
    fields = (
        ("date", "start_time", "end_time"),
        ("formation_fr", "formation_en"),
        "location",
        "status",
        "change_reason",
    )
    show_change_link = True


class HearingServiceMixin:
    """Route every hearing save, in its own page or in an inline, through hearing_save."""

    def save_hearing(self, request, form, hearing):
        reason = form.cleaned_data.get("change_reason", "") if hasattr(form, "cleaned_data") else ""
        services.hearing_save(hearing=hearing, reason=reason, by=request.user)


@admin.register(Proceeding)
class ProceedingAdmin(HearingServiceMixin, admin.ModelAdmin):
    list_display = ("__str__", "case", "procedure", "lodged_on")
    list_filter = ("procedure", "court")
    search_fields = ("number", "case__title_fr", "case__title_en", "court__short_name_fr")
    autocomplete_fields = ("case", "court", "parent")
    list_select_related = ("case", "court")
    readonly_fields = TIMESTAMPS
    inlines = (ProceedingPartyInline, FilingInline, HearingInline)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Hearing:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for hearing in formset.deleted_objects:
            hearing.delete()
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            self.save_hearing(request, inline_form, inline_form.instance)


@admin.register(Filing)
class FilingAdmin(ExtractCitationsMixin, admin.ModelAdmin):
    list_display = ("__str__", "proceeding", "kind", "registered_on")
    list_filter = ("kind",)
    search_fields = ("summary_fr", "summary_en", "proceeding__number")
    autocomplete_fields = ("proceeding", "filed_by")
    list_select_related = ("proceeding__court",)
    readonly_fields = TIMESTAMPS
    date_hierarchy = "registered_on"
    inlines = (FilingCitationInline,)


class HearingChangeInline(ReadOnlyInline):
    model = HearingChange
    fields = (
        "changed_at",
        "old_date",
        "old_start_time",
        "new_date",
        "new_start_time",
        "old_status",
        "new_status",
        "reason",
        "changed_by",
    )
    readonly_fields = fields


@admin.register(Hearing)
class HearingAdmin(HearingServiceMixin, admin.ModelAdmin):
    form = HearingForm
    list_display = ("__str__", "date", "start_time", "status", "sequence")
    list_filter = ("status", "proceeding__court")
    search_fields = ("proceeding__number", "proceeding__case__title_fr", "location")
    autocomplete_fields = ("proceeding",)
    list_select_related = ("proceeding__court",)
    readonly_fields = (*TIMESTAMPS, "sequence")
    date_hierarchy = "date"
    inlines = (HearingChangeInline,)

    def save_model(self, request, obj, form, change):
        self.save_hearing(request, form, obj)


@admin.register(HearingChange)
class HearingChangeAdmin(admin.ModelAdmin):
    list_display = ("hearing", "changed_at", "old_date", "new_date", "new_status")
    list_filter = ("new_status",)
    search_fields = ("reason", "hearing__proceeding__number")
    autocomplete_fields = ("hearing",)
    list_select_related = ("hearing__proceeding__court",)
    readonly_fields = (*TIMESTAMPS, "changed_by")

    def has_add_permission(self, request):
        # Changes are recorded by saving the hearing itself.
        return False


# Rulings ----------------------------------------------------------------------------------


class RulingNumberInline(admin.TabularInline):
    model = RulingNumber
    extra = 1
    fields = ("number",)


@admin.register(Ruling)
class RulingAdmin(ExtractCitationsMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "decided_on", "ecli", "outcome")
    list_filter = ("kind", "outcome", "court")
    search_fields = ("ecli", "celex", "short_name", "title_fr", "title_en", "numbers__number")
    autocomplete_fields = ("court", "proceeding", "opinion_for")
    list_select_related = ("court",)
    readonly_fields = TIMESTAMPS
    date_hierarchy = "decided_on"
    inlines = (RulingNumberInline, RulingCitationInline)
    fieldsets = (
        (None, {"fields": ("court", "proceeding", "kind", "opinion_for", "decided_on")}),
        (_("Identifiers"), {"fields": ("ecli", "celex", "slug")}),
        (
            _("Texts"),
            {
                "fields": (
                    "short_name",
                    ("title_fr", "title_en"),
                    ("formation_fr", "formation_en"),
                    "outcome",
                    ("outcome_text_fr", "outcome_text_en"),
                    ("summary_fr", "summary_en"),
                    "full_text",
                    "language",
                    "source_url",
                )
            },
        ),
        (_("Record"), {"fields": TIMESTAMPS, "classes": ("collapse",)}),
    )

    def save_model(self, request, obj, form, change):
        services.ruling_save(ruling=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not form.cleaned_data.get("slug"):
            # A new ruling's slug is built from its first case number, entered in the inline.
            services.ruling_rebuild_slug(ruling=form.instance)


@admin.register(RulingNumber)
class RulingNumberAdmin(admin.ModelAdmin):
    list_display = ("number", "ruling")
    list_filter = ("ruling__court",)
    search_fields = ("number",)
    autocomplete_fields = ("ruling",)
    list_select_related = ("ruling__court",)
    readonly_fields = TIMESTAMPS


# News ------------------------------------------------------------------------------------


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "case", "posted_on", "expected_on")
    list_filter = ("case__publication",)
    search_fields = ("text_fr", "text_en", "case__title_fr", "case__title_en")
    autocomplete_fields = ("case",)
    list_select_related = ("case",)
    readonly_fields = TIMESTAMPS
    date_hierarchy = "posted_on"


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "occurred_on")
    list_filter = ("kind",)
    search_fields = ("title_fr", "title_en", "description_fr", "description_en")
    autocomplete_fields = ("cases",)
    readonly_fields = TIMESTAMPS
    date_hierarchy = "occurred_on"
