"""The admin's "Import a file" page on cases (`<admin>/cases/case/import/`): uploads a file in
the interchange format and runs the same all-or-nothing import as `import_caselaw`
(interchange.importer), limited to what the uploader may change (cases.permissions), with a
dry-run preview. See docs/organisations.md.

The page belongs to the Case admin, which the cases app registers knowing nothing of this app:
here that registration is replaced by a subclass adding the page and its button (Django's way
to extend another app's admin), so the URL and its name `admin:cases_case_import` stay those
of the Case admin. This app comes after cases in INSTALLED_APPS, so the admin loads this
module after cases.admin.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cases import permissions
from cases.admin import CaseAdmin
from cases.models import Case
from interchange.importer import (
    ImportProblem,
    group_problems,
    import_all_or_nothing,
    load_json,
)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
OUTCOMES = {"created": _("created"), "updated": _("updated"), "unchanged": _("unchanged")}


def max_upload_bytes() -> int:
    """The largest file the page accepts (setting CASETRACKER_IMPORT_MAX_BYTES, 20 MB)."""
    return getattr(settings, "CASETRACKER_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("A casetracker interchange file (JSON), as written by export_caselaw."),
    )
    organisation = forms.ModelChoiceField(
        label=_("organisation"),
        queryset=None,
        help_text=_("Owns the new cases of the file that name no organisation."),
    )
    dry_run = forms.BooleanField(
        label=_("dry run"),
        required=False,
        help_text=_("Check the file and show what would change, without writing anything."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = permissions.organisation_choices(user)
        self.fields["organisation"].queryset = choices
        only = list(choices[:2])
        if permissions.is_curator(user):
            # Curators keep every organisation's cases: the file names them, or they choose.
            self.fields["organisation"].required = False
            self.fields["organisation"].empty_label = _("none (the file names them)")
        elif len(only) <= 1:
            # A member of one organisation: nothing to choose.
            del self.fields["organisation"]
            self.single_organisation = only[0] if only else None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file accepted is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        try:
            self.cleaned_data["document"] = load_json(upload.read(), upload.name)
        except ImportProblem as problem:
            raise forms.ValidationError(str(problem), code="invalid_json") from None
        return upload

    def default_organisation(self):
        if "organisation" in self.fields:
            return self.cleaned_data["organisation"]
        return self.single_organisation


class ImportFileMixin:
    """Adds `import/` to a ModelAdmin (the Case admin) and its "Import a file" button."""

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        upload = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name=f"{info[0]}_{info[1]}_import",
        )
        return [upload, *super().get_urls()]

    def import_view(self, request):
        if not permissions.can_use_admin(request.user):
            raise PermissionDenied
        problems, stats, done, outcomes = [], None, None, []
        if request.method == "POST":
            form = ImportFileForm(request.POST, request.FILES, user=request.user)
            if form.is_valid():
                dry_run = form.cleaned_data["dry_run"]
                problems, stats = import_all_or_nothing(
                    form.cleaned_data["document"],
                    dry_run=dry_run,
                    user=request.user,
                    default_organisation=form.default_organisation(),
                    outcomes=outcomes,
                    # The problems in the admin's language, the models' messages included.
                    language=translation.get_language(),
                )
                if problems:
                    # One line per root cause, with the records it affects.
                    problems = group_problems(problems)
                    form.add_error(
                        None,
                        _("%(n)d problem(s) in the file; nothing was imported.")
                        % {"n": len(problems)},
                    )
                elif dry_run:
                    done = _("Dry run: the file is valid; nothing was written.")
                else:
                    messages.success(request, _("Imported: %(summary)s.") % summary(stats))
                    info = self.model._meta.app_label, self.model._meta.model_name
                    return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        else:
            form = ImportFileForm(user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a file"),
            "opts": self.model._meta,
            "form": form,
            "problems": problems,
            "stats": sorted(stats.items()) if stats and not problems else [],
            "done": done,
            "outcomes": [(p, OUTCOMES.get(state, state), f) for p, state, f in outcomes]
            if done
            else [],
            "max_bytes": max_upload_bytes(),
        }
        return TemplateResponse(request, "admin/interchange/import.html", context)


def summary(stats) -> dict:
    text = ", ".join(f"{kind}: {n} {state}" for (kind, state), n in sorted(stats.items()) if n)
    return {"summary": text or _("no records")}


admin.site.unregister(Case)


@admin.register(Case)
class CaseWithImportAdmin(ImportFileMixin, CaseAdmin):
    change_list_template = "admin/interchange/case_change_list.html"
