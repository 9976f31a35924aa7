"""Admin building blocks that keep every path of the admin inside the editor's organisation:
change lists, change views, inlines, choices and autocomplete results, history and restore.
Also the optimistic-locking form. Used by cases/admin.py and citations/admin.py.
"""

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, quote, unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases import permissions, services
from cases.models import Case, Event, Party, Proceeding, Ruling
from organisations.models import Organisation


def is_versioned(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from; refuses the save, with what changed
    meanwhile, when someone else saved the record since."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def edited_fields(self) -> list[str]:
        return [name for name in self.changed_data if name != "version"]

    def clean_version(self):
        # A browser posts the hidden input of a new record (or of a new inline row) empty:
        # the record starts from its model default, never from None.
        version = self.cleaned_data.get("version")
        if version is None and (self.instance.pk is None or self.instance.version is None):
            return self.instance.version or 1
        return version

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        # An inline row left untouched is not saved, so not checked; a main form always is,
        # since saving it writes every field.
        is_inline_row = self.prefix is not None
        if instance.pk is None or (is_inline_row and not self.edited_fields()):
            return cleaned
        model = type(instance)
        stored = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True)
        stored = stored.first()
        if stored is None:
            return cleaned  # a deleted record being restored
        based_on = cleaned.get("version")
        if based_on is None:
            raise forms.ValidationError(
                _("This form lacks the version it was edited from: reload the page."),
                code="version_missing",
            )
        if based_on != stored:
            raise services.ConcurrentEdit(
                model(pk=instance.pk, version=based_on), current_version=stored
            )
        return cleaned


def scoped_choices(request, db_field):
    """The choices of a relation, cut to what the user may see (None: leave as is)."""
    related = db_field.related_model
    if related is Organisation:
        return permissions.organisation_choices(request.user)
    if related is Party:
        # A natural person the user may not see by name cannot be picked: naming them in one
        # of the user's cases would reveal the name.
        return Party.objects.filter(permissions.party_name_visible_q(request.user))
    if related in permissions.SCOPES:
        return permissions.relation_choices(
            request.user, db_field.model, db_field.name, related._default_manager.all()
        )
    return None


class ScopedRelationsMixin:
    """Scope foreign-key and many-to-many choices (and so what a form accepts)."""

    # A queryset a subclass chose stays: overriding it here rejected valid choices (another
    # organisation's public ruling cited from a ruling's citation inline).

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = scoped_choices(request, db_field) if "queryset" not in kwargs else None
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = scoped_choices(request, db_field) if "queryset" not in kwargs else None
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def autocomplete_source(request):
    """(model, field name) of the relation an admin autocomplete request fills, or None."""
    match = request.resolver_match
    if match is None or match.url_name != "autocomplete":
        return None
    try:
        model = apps.get_model(request.GET.get("app_label", ""), request.GET.get("model_name", ""))
        field = model._meta.get_field(request.GET.get("field_name", ""))
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return model, field.name


class ScopedInline(ScopedRelationsMixin, admin.options.InlineModelAdmin):
    """An inline shown and editable as its parent is (`obj` is the parent record)."""

    def has_view_permission(self, request, obj=None):
        user = request.user
        return permissions.can_use_admin(user) if obj is None else permissions.can_view(user, obj)

    def _may_edit(self, request, obj):
        user = request.user
        return permissions.can_use_admin(user) if obj is None else permissions.can_edit(user, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not self._may_edit(request, obj):
            return False
        # Removing a public case's proceeding or ruling unpublishes pages: publishers only.
        if obj is not None and self.model in (Proceeding, Ruling):
            case = permissions.public_case_of(obj)
            return case is None or permissions.can_publish(request.user, case)
        return True


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInline, admin.StackedInline):
    pass


class ReadOnlyInline(ScopedTabularInline):
    """Log rows: shown, never edited by hand."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReferenceAdmin(admin.ModelAdmin):
    """Shared reference data: readable by every member, maintained by curators."""

    def has_module_permission(self, request):
        return permissions.can_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_use_admin(request.user)

    def has_add_permission(self, request):
        return permissions.is_curator(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_curator(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_curator(request.user)


class ScopedAdmin(ScopedRelationsMixin, admin.ModelAdmin):
    """A model owned by an organisation through its case (cases.permissions.SCOPES)."""

    def scope(self, request, queryset):
        return permissions.scope_queryset(queryset, request.user)

    def may_view(self, request, obj) -> bool:
        return permissions.can_view(request.user, obj)

    def may_edit(self, request, obj) -> bool:
        return permissions.can_edit(request.user, obj)

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        # An autocomplete offers exactly what the form accepts (scoped_choices): not the
        # reference rows an owning relation may not take, and public rows where it may.
        source = autocomplete_source(request)
        if source is not None and self.model in permissions.SCOPES:
            allowed = permissions.relation_choices(
                request.user, *source, self.model._default_manager.all()
            )
            # Paginated: keep an order.
            queryset = allowed.order_by(*(self.get_ordering(request) or ("pk",)))
        return super().get_search_results(request, queryset, search_term)

    def has_module_permission(self, request):
        return permissions.can_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.can_use_admin(request.user)
        return self.may_view(request, obj)

    def has_add_permission(self, request):
        return permissions.can_use_admin(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.can_use_admin(request.user)
        return self.may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None or type(obj) not in permissions.SCOPES:
            return self.has_change_permission(request, obj)
        return self.has_change_permission(request, obj) and permissions.may_delete_from_public(
            request.user, obj
        )

    def get_deleted_objects(self, objs, request):
        return deleted_objects(objs, request, self.admin_site)

    def delete_queryset(self, request, queryset):
        # The change list's "delete selected": each through the service, as one delete is;
        # all or nothing.
        with transaction.atomic():
            for obj in queryset:
                services.record_delete(instance=obj, by=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.ConcurrentEdit as error:
            # Someone saved between the form's check and the save: same refusal.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # Saves -------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if is_versioned(type(obj)):
            services.record_save(instance=obj, by=request.user)
        else:
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        services.record_delete(instance=obj, by=request.user)

    def save_inline(self, request, form, obj):
        services.record_save(instance=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        """Versioned inline rows go through the services, one by one, so that each is
        checked against its version and its history names the editor."""
        if not is_versioned(formset.model):
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.record_delete(instance=obj, by=request.user)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            if inline_form.instance.pk is not None and not inline_form.edited_fields():
                continue
            self.save_inline(request, inline_form, inline_form.instance)
        formset.save_m2m()
        return None


class HistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Scoped admin with full history: a readable diff of every version, restore of any of
    them, and a list of deleted records to restore."""

    change_list_template = "admin/cases/change_list_with_deleted.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        deleted = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_view),
            name=f"{info[0]}_{info[1]}_deleted",
        )
        return [deleted, *super().get_urls()]

    def valid_id(self, field, value):
        """`value` as `field` takes it; 404 for what it cannot take ("x" answered 500)."""
        try:
            return field.to_python(unquote(value))
        except ValidationError:
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        pk = self.valid_id(self.model._meta.pk, object_id)
        # simple_history falls back to the latest version when the record is not in the
        # (scoped) change list: of a record since moved to another organisation, that may be
        # a version the user could see. The record as it is now decides.
        live = self.model._default_manager.filter(pk=pk).first()
        if live is not None and not self.has_view_permission(request, live):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        model = self.model
        record = model.history.filter(
            **{
                model._meta.pk.attname: self.valid_id(model._meta.pk, object_id),
                "history_id": self.valid_id(model.history.model._meta.pk, version_id),
            }
        ).first()
        if record is None:
            raise Http404
        # The version as it would be restored, and the record as it is now (when not
        # deleted): both must be the user's, else a record since moved to another
        # organisation would be taken back (or one moved to it).
        live = model._default_manager.filter(pk=record.instance.pk).first()
        states = [record.instance] if live is None else [record.instance, live]
        if not all(self.has_view_permission(request, state) for state in states):
            raise PermissionDenied
        if request.method == "POST" and not all(
            self.has_change_permission(request, state) for state in states
        ):
            raise PermissionDenied
        request.restoring_version = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "restoring_version", False):
            # Restoring an earlier version edits the current one: carry the current version
            # (so the lock checks against now) and, for a case, the current publication
            # state, which only the workflow moves.
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                obj.version = stored.version
                if isinstance(obj, Case):
                    obj.publication = stored.publication
        return super().get_form(request, obj, change=change, **kwargs)

    def deleted_view(self, request):
        """Deleted records the user may see, newest first, each linking to its history."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        model = self.model
        pk_name = model._meta.pk.attname
        live = model._default_manager.values("pk")
        records = (
            model.history.filter(history_type="-")
            .exclude(**{f"{pk_name}__in": live})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:200]
        )
        info = model._meta.app_label, model._meta.model_name
        rows = [
            {
                "record": record,
                "url": reverse(
                    f"admin:{info[0]}_{info[1]}_history",
                    args=[getattr(record, pk_name)],
                    current_app=self.admin_site.name,
                ),
            }
            for record in records
            if self.has_view_permission(request, record.instance)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(name)s") % {"name": model._meta.verbose_name_plural},
            "opts": model._meta,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/cases/deleted_records.html", context)


# Deletion ---------------------------------------------------------------------------------


def deleted_objects(objs, request, admin_site):
    """Django's `get_deleted_objects`, for the delete confirmation and the bulk delete: every
    record deleted with `objs`, plus the rulings and events kept but detached from them
    (unpublished until a curator decides, cases.visibility). A record the user may not see
    (another organisation's draft) is counted but not named."""
    try:
        first = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def format_callback(obj):
        opts = obj._meta
        model_admin = admin_site._registry.get(type(obj))
        if model_admin is not None and not model_admin.has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        return _describe(obj, request, admin_site)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    model_count = {
        model._meta.verbose_name_plural: len(found) for model, found in collector.model_objs.items()
    }
    rulings, events = _detached(collector)
    if rulings:
        to_delete.append(
            _(
                "Rulings kept, detached from the deleted proceedings: unpublished until a "
                "curator makes them reference case law or deletes them (delete them first "
                "if they should go):"
            )
        )
        to_delete.append([_describe(ruling, request, admin_site) for ruling in rulings])
    if events:
        to_delete.append(
            _(
                "Events kept without case: unpublished until a curator makes them reference "
                "facts or deletes them:"
            )
        )
        to_delete.append([_describe(event, request, admin_site) for event in events])
    return to_delete, model_count, perms_needed, protected


def _describe(obj, request, admin_site):
    opts = obj._meta
    label = capfirst(opts.verbose_name)
    model_admin = admin_site._registry.get(type(obj))
    if model_admin is None:
        return f"{label}: {obj}"
    if not model_admin.has_view_permission(request, obj):
        return format_html("{}: {}", label, _("a record of another organisation"))
    try:
        url = reverse(
            f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", None, (quote(obj.pk),)
        )
    except NoReverseMatch:
        return f"{label}: {obj}"
    return format_html('{}: <a href="{}">{}</a>', label, url, obj)


def _detached(collector) -> tuple[list, list]:
    """Rulings whose proceeding the deletion empties, and events it leaves without case."""
    deleted_proceedings = {obj.pk for obj in collector.data.get(Proceeding, ())}
    rulings = []
    if deleted_proceedings:
        rulings = list(
            Ruling.objects.filter(proceeding__in=deleted_proceedings).select_related("court")
        )
        deleted_rulings = {obj.pk for obj in collector.data.get(Ruling, ())}
        rulings = [ruling for ruling in rulings if ruling.pk not in deleted_rulings]
    deleted_cases = {obj.pk for obj in collector.data.get(Case, ())}
    events = []
    if deleted_cases:
        links = Event.cases.through.objects
        events = list(
            Event.objects.filter(pk__in=links.filter(case__in=deleted_cases).values("event"))
            .exclude(pk__in=links.exclude(case__in=deleted_cases).values("event"))
            .exclude(reference=True)
        )
    return rulings, events


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" (`r/<content type>/<id>/`), limited to what the user may
    see in the admin: Django's own view redirected to any record's public URL, so to another
    organisation's drafts, whose slugs are built from their titles. 404 otherwise."""
    # Django's own route takes any text here ("+7" is 7): this one catches it all.
    if not content_type_id.isascii() or not content_type_id.isdigit():
        raise Http404
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_view_permission(request):
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)
