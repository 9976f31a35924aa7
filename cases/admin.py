"""Data entry for associations and curators. Every save goes through cases.services so that
the status log, the hearing history, slugs, identifier normalisation, the publication workflow
and optimistic locking hold.

Every path is scoped to the editor's organisations (cases.permissions, cases.admin_scoping):
change lists, change views, inlines, choices, autocomplete, history. Superusers and curators see
all; shared reference data is readable by members and maintained by curators.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BLANK_CHOICE_DASH, Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cases import permissions, services, viewer
from cases.admin_scoping import (
    HistoryAdmin,
    ReadOnlyInline,
    ReferenceAdmin,
    ScopedAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
    VersionedForm,
)
from cases.models import (
    Case,
    CasePublicationChange,
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
    outcome_choices_by_procedure,
)

TIMESTAMPS = ("uid", "created_at", "updated_at")


# Reference data ---------------------------------------------------------------------------


@admin.register(Court)
class CourtAdmin(ReferenceAdmin):
    list_display = ("__str__", "short_name_fr", "country", "ecli_code", "kind")
    list_filter = ("kind", "country")
    search_fields = ("name_fr", "name_en", "short_name_fr", "short_name_en", "ecli_code")
    prepopulated_fields = {"slug": ("short_name_fr",)}
    readonly_fields = TIMESTAMPS


@admin.register(Party)
class PartyAdmin(ReferenceAdmin):
    """Parties: every member records them (an association adds itself and its co-applicants),
    within the rules of cases.permissions (`can_change_party`, `party_name_visible_q`)."""

    list_display = ("__str__", "kind", "name_published_by_court", "entered_by", "shown_website")
    list_filter = ("kind", "name_published_by_court")
    list_select_related = ("entered_by",)
    search_fields = ("name",)
    readonly_fields = TIMESTAMPS

    # The privacy app adds the erasure action (privacy/admin.py).
    actions = ("merge_parties",)

    @admin.display(description=_("website"), ordering="website")
    def shown_website(self, obj):
        # A person's own website would name them as surely as their name.
        return "" if viewer.hides_party_name(obj) else obj.website

    def has_add_permission(self, request):
        return permissions.can_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        if not permissions.can_use_admin(request.user):
            return False
        return obj is None or permissions.can_see_party_name(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.can_use_admin(request.user)
        return permissions.can_change_party(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_merge_permission(self, request):
        return permissions.is_curator(request.user)

    def get_list_display(self, request):
        # Which organisation recorded a party tells what it is working on: curators only.
        if permissions.is_curator(request.user):
            return self.list_display
        return tuple(name for name in self.list_display if name != "entered_by")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        user = request.user
        if obj is None or permissions.is_curator(user) or permissions.can_change_party(user, obj):
            return fields
        return [name for name in fields if name != "entered_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "entered_by":
            kwargs["queryset"] = permissions.organisation_choices(request.user)
            # A member records a party for one of their organisations; curators may leave it
            # empty (shared reference data).
            kwargs["required"] = not permissions.is_curator(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not permissions.is_curator(request.user):
            own = list(permissions.organisation_choices(request.user).values_list("pk", flat=True))
            if len(own) == 1:
                initial.setdefault("entered_by", own[0])
        return initial

    def get_search_results(self, request, queryset, search_term):
        """Searching by name finds only parties whose name the user may see; the autocomplete
        of a party field offers only those (the others cannot be picked for a case)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = getattr(request, "resolver_match", None)
        if search_term or (match is not None and match.url_name == "autocomplete"):
            queryset = queryset.filter(permissions.party_name_visible_q(request.user))
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        services.party_save(party=obj)

    @admin.action(description=_("Merge duplicate parties"), permissions=["merge"])
    def merge_parties(self, request, queryset):
        """A confirmation page to choose the party kept; then every reference to the others
        moves to it and they are deleted (services.party_merge)."""
        parties = list(
            queryset.select_related("entered_by")
            .annotate(
                n_participations=Count("participations", distinct=True),
                n_filings=Count("filings", distinct=True),
            )
            .order_by("pk")
        )
        if len(parties) < 2:
            self.message_user(request, _("Select at least two parties to merge."), messages.ERROR)
            return None
        keep_pk = request.POST.get("keep", "")
        error = None
        if request.POST.get("post") == "yes":
            keep = next((p for p in parties if str(p.pk) == keep_pk), None)
            if keep is None:
                error = _("Choose the party to keep among the selected ones.")
            else:
                duplicates = [p for p in parties if p.pk != keep.pk]
                try:
                    with transaction.atomic():
                        # Logged first: the log needs the rows the merge deletes.
                        self.log_deletions(request, queryset.exclude(pk=keep.pk))
                        report = services.party_merge(
                            keep=keep, duplicates=duplicates, by=request.user
                        )
                        self.log_change(
                            request,
                            report.keep,
                            _("Merged %(merged)s into this party.")
                            % {"merged": ", ".join(report.merged)},
                        )
                except ValidationError as refusal:
                    self.message_user(request, " ".join(refusal.messages), messages.ERROR)
                    return None
                self.message_user(
                    request,
                    _(
                        "%(n)d party(ies) merged into “%(keep)s”: %(moved)d reference(s) moved, "
                        "%(dropped)d duplicate reference(s) dropped."
                    )
                    % {
                        "n": len(duplicates),
                        "keep": report.keep,
                        "moved": report.moved,
                        "dropped": report.dropped,
                    },
                    messages.SUCCESS,
                )
                return None
        rows = [
            {"party": party, "participations": party.n_participations, "filings": party.n_filings}
            for party in parties
        ]
        return self.confirmation_page(
            request, "merge_parties", _("Merge duplicate parties"), "merge", rows=rows, error=error
        )

    def confirmation_page(self, request, action: str, title, page: str, **context):
        """The confirmation page of an action on the selected parties, posting back to it
        (the merge here; the erasure, privacy/admin.py)."""
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
            **context,
        }
        template = f"admin/cases/party/{page}_confirmation.html"
        return TemplateResponse(request, template, context)


@admin.register(Counsel)
class CounselAdmin(ReferenceAdmin):
    list_display = ("name", "firm", "website")
    list_filter = ("firm",)
    search_fields = ("name", "firm")
    readonly_fields = TIMESTAMPS


@admin.register(Topic)
class TopicAdmin(ReferenceAdmin):
    list_display = ("slug", "name_fr", "name_en")
    list_filter = ()
    search_fields = ("slug", "name_fr", "name_en")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = TIMESTAMPS


# Cases ------------------------------------------------------------------------------------


class ProceedingInline(ScopedTabularInline):
    model = Proceeding
    form = VersionedForm
    extra = 0
    fields = (
        "court",
        "number",
        "procedure",
        "lodged_on",
        "parent",
        "origin",
        "other_applicants",
        "version",
    )
    autocomplete_fields = ("court", "parent")
    show_change_link = True


class StatusUpdateInline(ScopedStackedInline):
    model = StatusUpdate
    form = VersionedForm
    extra = 0
    fields = (
        "posted_on",
        ("text_fr", "text_en"),
        ("next_step_fr", "next_step_en"),
        "expected_on",
        "version",
    )


class CaseStatusChangeInline(ReadOnlyInline):
    model = CaseStatusChange
    fields = ("changed_on", "from_status", "to_status", "note", "changed_by")
    readonly_fields = fields


class CasePublicationChangeInline(ReadOnlyInline):
    model = CasePublicationChange
    fields = ("changed_at", "from_publication", "to_publication", "changed_by", "note")
    readonly_fields = fields


class CaseAdminForm(VersionedForm):
    status_changed_on = forms.DateField(
        label=_("status changed on"),
        required=False,
        help_text=_("When the status changed in reality (today when empty)."),
    )
    status_note = forms.CharField(label=_("status note"), required=False, max_length=300)

    class Meta:
        model = Case
        fields = "__all__"


@admin.register(Case)
class CaseAdmin(HistoryAdmin):
    form = CaseAdminForm
    list_display = ("__str__", "organisation", "status", "publication", "updated_at")
    list_filter = (
        "publication",
        "status",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "topics",
    )
    search_fields = ("title_fr", "title_en", "slug", "proceedings__number")
    autocomplete_fields = ("topics",)
    list_select_related = ("organisation",)
    readonly_fields = (*TIMESTAMPS, "publication")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "organisation",
                    ("title_fr", "title_en"),
                    "slug",
                    ("summary_fr", "summary_en"),
                    "version",
                )
            },
        ),
        (_("Status"), {"fields": ("status", "status_changed_on", "status_note")}),
        (_("Publication"), {"fields": ("publication", "topics")}),
        (_("Record"), {"fields": TIMESTAMPS, "classes": ("collapse",)}),
    )
    inlines = (
        ProceedingInline,
        StatusUpdateInline,
        CaseStatusChangeInline,
        CasePublicationChangeInline,
    )
    actions = ("submit_for_review", "publish", "archive", "unpublish")
    publisher_actions = ("publish", "archive")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "organisation" in form.base_fields and not request.user.is_superuser:
            form.base_fields["organisation"].required = True
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        choices = permissions.organisation_choices(request.user)
        if "organisation" not in initial and len(choices[:2]) == 1:
            initial["organisation"] = choices[0].pk
        return initial

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.is_publisher_anywhere(request.user):
            for name in self.publisher_actions:
                actions.pop(name, None)
        return actions

    # The publication workflow on the case's own page -------------------------------------

    # Target state → the service moving a case there, and the button's label.
    workflow_moves = {
        Case.Publication.REVIEW: (services.case_submit_for_review, _("Submit for review")),
        Case.Publication.PUBLISHED: (services.case_publish, _("Publish")),
        Case.Publication.ARCHIVED: (services.case_archive, _("Archive")),
        Case.Publication.DRAFT: (services.case_return_to_draft, _("Return to draft")),
    }

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        publication = path(
            "<path:object_id>/publication/",
            self.admin_site.admin_view(require_POST(self.publication_view)),
            name=f"{info[0]}_{info[1]}_publication",
        )
        return [publication, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, unquote(object_id))
        if case is not None and self.has_view_permission(request, case):
            buttons = [
                (state, self.workflow_moves[state][1])
                for state in services.case_publication_moves(case=case, by=request.user)
            ]
            extra_context = {
                **(extra_context or {}),
                "workflow_buttons": buttons,
                "workflow_url": reverse(
                    "admin:cases_case_publication", args=[case.pk], current_app=self.admin_site.name
                ),
                "publication_log": case.publication_changes.select_related("changed_by").order_by(
                    "-changed_at", "-pk"
                ),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def publication_view(self, request, object_id):
        """One move of the workflow (POST `to`, optional `note`), through the services; a
        refusal is shown as a message on the case's page."""
        case = self.get_object(request, unquote(object_id))
        if case is None:
            raise Http404  # another organisation's case, or none: not even its existence
        if not self.has_view_permission(request, case):
            raise PermissionDenied
        target = request.POST.get("to", "")
        note = request.POST.get("note", "").strip()
        move = self.workflow_moves.get(target)
        max_note = CasePublicationChange._meta.get_field("note").max_length
        if move is None:
            self.message_user(request, _("Unknown publication move."), messages.ERROR)
        elif len(note) > max_note:
            self.message_user(
                request,
                _("The note is too long (%(max)d characters at most).") % {"max": max_note},
                messages.ERROR,
            )
        else:
            service = move[0]
            try:
                service(case=case, by=request.user, note=note)
            except (PermissionDenied, ValidationError) as error:
                reason = " ".join(getattr(error, "messages", None) or [str(error)])
                self.message_user(request, reason, messages.ERROR)
            else:
                done = _("The case is now %(state)s.") % {"state": Case.Publication(target).label}
                self.log_change(request, case, done)  # the admin's "Recent actions" too
                self.message_user(request, done, messages.SUCCESS)
        change_url = reverse(
            "admin:cases_case_change", args=[case.pk], current_app=self.admin_site.name
        )
        return HttpResponseRedirect(change_url)

    def save_model(self, request, obj, form, change):
        services.case_save(
            case=obj,
            by=request.user,
            status_on=form.cleaned_data.get("status_changed_on"),
            status_note=form.cleaned_data.get("status_note", ""),
        )

    def _move(self, request, queryset, service, done_message):
        moved, refused = 0, []
        for case in queryset:
            try:
                service(case=case, by=request.user)
            except (PermissionDenied, ValidationError) as error:
                reason = " ".join(getattr(error, "messages", None) or [str(error)])
                refused.append(f"{case}: {reason}")
            else:
                moved += 1
        if moved:
            self.message_user(request, done_message % {"n": moved}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Submit selected cases for review"))
    def submit_for_review(self, request, queryset):
        self._move(
            request,
            queryset,
            services.case_submit_for_review,
            _("%(n)d case(s) submitted for review."),
        )

    @admin.action(description=_("Publish selected cases"))
    def publish(self, request, queryset):
        self._move(request, queryset, services.case_publish, _("%(n)d case(s) published."))

    @admin.action(description=_("Archive selected cases"))
    def archive(self, request, queryset):
        self._move(request, queryset, services.case_archive, _("%(n)d case(s) archived."))

    @admin.action(description=_("Return selected cases to draft (unpublishes them)"))
    def unpublish(self, request, queryset):
        self._move(
            request,
            queryset,
            services.case_return_to_draft,
            _("%(n)d case(s) returned to draft."),
        )


@admin.register(CaseStatusChange)
class CaseStatusChangeAdmin(ScopedAdmin):
    list_display = ("case", "changed_on", "from_status", "to_status", "changed_by")
    list_filter = ("to_status",)
    search_fields = ("case__title_fr", "case__title_en", "note")
    autocomplete_fields = ("case",)
    list_select_related = ("case", "changed_by")
    readonly_fields = (*TIMESTAMPS, "changed_by")


@admin.register(CaseSlugAlias)
class CaseSlugAliasAdmin(ScopedAdmin):
    list_display = ("slug", "case")
    list_filter = ()
    search_fields = ("slug", "case__slug")
    autocomplete_fields = ("case",)
    list_select_related = ("case",)
    readonly_fields = TIMESTAMPS


# Proceedings, filings, hearings -----------------------------------------------------------


class HearingForm(VersionedForm):
    change_reason = forms.CharField(
        label=_("reason for the change"),
        required=False,
        max_length=300,
        help_text=_("Kept in the hearing's public history when the date, time or status changes."),
    )

    class Meta:
        model = Hearing
        fields = "__all__"


class ProceedingPartyInline(ScopedTabularInline):
    model = ProceedingParty
    extra = 0
    autocomplete_fields = ("party", "counsel")


class FilingInline(ScopedStackedInline):
    model = Filing
    form = VersionedForm
    extra = 0
    fields = (
        "kind",
        "registered_on",
        "filed_by",
        ("summary_fr", "summary_en"),
        "source_url",
        "version",
    )
    autocomplete_fields = ("filed_by",)
    show_change_link = True


class HearingInline(ScopedStackedInline):
    model = Hearing
    form = HearingForm
    extra = 0
    fields = (
        ("date", "end_date", "start_time", "end_time"),
        ("formation_fr", "formation_en"),
        "location",
        "status",
        "change_reason",
        "version",
    )
    show_change_link = True


class HearingServiceMixin:
    """Route every hearing save, in its own page or in an inline, through hearing_save."""

    def save_hearing(self, request, form, hearing):
        reason = form.cleaned_data.get("change_reason", "") if hasattr(form, "cleaned_data") else ""
        services.hearing_save(hearing=hearing, reason=reason, by=request.user)

    def save_inline(self, request, form, obj):
        if isinstance(obj, Hearing):
            self.save_hearing(request, form, obj)
        else:
            super().save_inline(request, form, obj)


@admin.register(Proceeding)
class ProceedingAdmin(HearingServiceMixin, HistoryAdmin):
    form = VersionedForm
    list_display = ("__str__", "case", "procedure", "lodged_on")
    list_filter = ("procedure", "court")
    search_fields = ("number", "case__title_fr", "case__title_en", "court__short_name_fr")
    autocomplete_fields = ("case", "court", "parent")
    list_select_related = ("case", "court")
    readonly_fields = TIMESTAMPS
    inlines = (ProceedingPartyInline, FilingInline, HearingInline)


# The citations app adds the outgoing citations and the "extract citations" action to the
# filing and ruling admins (citations/admin.py).
@admin.register(Filing)
class FilingAdmin(HistoryAdmin):
    form = VersionedForm
    list_display = ("__str__", "proceeding", "kind", "registered_on")
    list_filter = ("kind",)
    search_fields = ("summary_fr", "summary_en", "proceeding__number")
    autocomplete_fields = ("proceeding", "filed_by")
    list_select_related = ("proceeding__court",)
    readonly_fields = TIMESTAMPS
    date_hierarchy = "registered_on"


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
class HearingAdmin(HearingServiceMixin, HistoryAdmin):
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
class HearingChangeAdmin(ScopedAdmin):
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


class RulingStandingFilter(admin.SimpleListFilter):
    """Where a ruling stands: in a case, reference case law, or detached by a deletion and
    waiting for a curator's decision (cases.visibility)."""

    title = _("standing")
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return (
            ("case", _("in a case")),
            ("reference", _("reference case law")),
            ("detached", _("detached by a deletion (unpublished)")),
            ("withdrawn", _("withdrawn by its source (unpublished)")),
        )

    def queryset(self, request, queryset):
        if self.value() == "case":
            return queryset.filter(proceeding__isnull=False)
        if self.value() == "reference":
            return queryset.filter(reference=True)
        if self.value() == "detached":
            return queryset.filter(proceeding__isnull=True, reference=False)
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


class RulingNumberInline(ScopedTabularInline):
    model = RulingNumber
    extra = 1
    fields = ("number",)


class RulingForm(VersionedForm):
    class Meta:
        model = Ruling
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        main = cleaned.get("proceeding")
        joined = cleaned.get("joined_proceedings")
        if joined and main is None:
            self.add_error(
                "joined_proceedings",
                _("Choose the main proceeding first: joined proceedings come in addition to it."),
            )
        elif joined and main in joined:
            self.add_error(
                "joined_proceedings",
                _("The main proceeding is not one of its own joined proceedings."),
            )
        return cleaned


@admin.register(Ruling)
class RulingAdmin(HistoryAdmin):
    form = RulingForm
    list_display = ("__str__", "kind", "decided_on", "ecli", "outcome")
    list_filter = ("kind", "outcome", RulingStandingFilter, "court")
    search_fields = (
        "ecli",
        "celex",
        "short_name",
        "case_name",
        "title_fr",
        "title_en",
        "numbers__number",
    )
    autocomplete_fields = ("court", "proceeding", "joined_proceedings", "opinion_for")
    list_select_related = ("court",)
    readonly_fields = TIMESTAMPS
    date_hierarchy = "decided_on"
    inlines = (RulingNumberInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "court",
                    "proceeding",
                    "joined_proceedings",
                    "reference",
                    "kind",
                    "opinion_for",
                    "advocate_general",
                    "decided_on",
                    "version",
                )
            },
        ),
        (_("Withdrawal by the source"), {"fields": ("withdrawn_at", "withdrawn_reason")}),
        (_("Identifiers"), {"fields": ("ecli", "celex", "slug")}),
        (
            _("Texts"),
            {
                "fields": (
                    ("short_name", "case_name"),
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

    def get_readonly_fields(self, request, obj=None):
        readonly = reference_readonly(request, super().get_readonly_fields(request, obj))
        if not permissions.is_curator(request.user):
            # A withdrawal is the source's (sources.sync); only a curator may lift one.
            readonly = (*readonly, "withdrawn_at", "withdrawn_reason")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "outcome":
            # Grouped by procedure; Ruling.clean refuses one that does not fit the ruling's.
            field.choices = [("", BLANK_CHOICE_DASH[0][1]), *outcome_choices_by_procedure()]
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "proceeding" in form.base_fields and not permissions.is_curator(request.user):
            # A ruling outside any case is shared case law: curators enter it.
            form.base_fields["proceeding"].required = True
        reference_initial(form, obj)
        return form

    def save_model(self, request, obj, form, change):
        services.ruling_save(ruling=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not form.cleaned_data.get("slug"):
            # A new ruling's slug is built from its first case number, entered in the inline.
            services.ruling_rebuild_slug(ruling=form.instance)


@admin.register(RulingNumber)
class RulingNumberAdmin(ScopedAdmin):
    list_display = ("number", "ruling")
    list_filter = ("ruling__court",)
    search_fields = ("number",)
    autocomplete_fields = ("ruling",)
    list_select_related = ("ruling__court",)
    readonly_fields = TIMESTAMPS


# News ------------------------------------------------------------------------------------


@admin.register(StatusUpdate)
class StatusUpdateAdmin(HistoryAdmin):
    form = VersionedForm
    list_display = ("__str__", "case", "posted_on", "expected_on")
    list_filter = ("case__publication",)
    search_fields = ("text_fr", "text_en", "case__title_fr", "case__title_en")
    autocomplete_fields = ("case",)
    list_select_related = ("case",)
    readonly_fields = TIMESTAMPS
    date_hierarchy = "posted_on"


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    form = VersionedForm
    list_display = ("__str__", "kind", "occurred_on")
    list_filter = ("kind", "reference")
    search_fields = ("title_fr", "title_en", "description_fr", "description_en")
    autocomplete_fields = ("cases",)
    readonly_fields = TIMESTAMPS
    date_hierarchy = "occurred_on"

    def get_readonly_fields(self, request, obj=None):
        return reference_readonly(request, super().get_readonly_fields(request, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "cases" in form.base_fields and not permissions.is_curator(request.user):
            # An event attached to no case is shared reference data: curators enter it.
            form.base_fields["cases"].required = True
        reference_initial(form, obj)
        return form


def reference_readonly(request, readonly) -> tuple:
    """Whether a ruling or event is public reference data is the curators' call alone
    (cases.visibility): everyone else sees it, read-only."""
    if permissions.is_curator(request.user):
        return tuple(readonly)
    return (*readonly, "reference")


def reference_initial(form, obj) -> None:
    # A curator entering a ruling or event is usually entering reference data: the box
    # starts ticked on the add form (a ruling put in a proceeding follows its case anyway).
    if obj is None and "reference" in form.base_fields:
        form.base_fields["reference"].initial = True
