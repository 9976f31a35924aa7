"""The Party admin's "Erase this natural person's identifying data" action (docs/erasure.md).

The Party admin belongs to the cases app, which knows nothing of this app: its registration is
replaced here by a subclass adding the action (Django's way to extend another app's admin, as
interchange/admin.py does for cases), so the action's name `erase_natural_person` and every
admin URL stay those of the Party admin. This app comes after cases in INSTALLED_APPS, so the
admin loads this module after cases.admin.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cases import permissions
from cases.admin import PartyAdmin
from cases.models import Party
from privacy import erasure

admin.site.unregister(Party)


@admin.register(Party)
class PartyWithErasureAdmin(PartyAdmin):
    actions = (*PartyAdmin.actions, "erase_natural_person")

    def has_erase_permission(self, request):
        return permissions.is_curator(request.user)

    @admin.action(
        description=_("Erase this natural person's identifying data"), permissions=["erase"]
    )
    def erase_natural_person(self, request, queryset):
        """Right to erasure (privacy.erasure): a confirmation page listing every hit of each
        person's name (certain ones ticked), then the confirmed hits rewritten and every
        person erased in one transaction."""
        parties = list(queryset.order_by("pk"))
        confirmed = request.POST.get("post") == "yes"
        try:
            if confirmed:
                try:
                    with transaction.atomic():
                        plans = erasure.erase_persons(
                            [(p, request.POST.getlist(f"hit-{p.pk}")) for p in parties],
                            by=request.user,
                            fingerprints={p.pk: request.POST.get(f"plan-{p.pk}") for p in parties},
                        )
                except erasure.ErasureChanged as error:
                    # Listed again as they are now, for the curator to confirm.
                    self.message_user(request, " ".join(error.messages), messages.WARNING)
                    confirmed = False
            if not confirmed:
                plans = [
                    erasure.erasure_plan(party=p, possible_limit=erasure.POSSIBLE_LISTED)
                    for p in parties
                ]
        except erasure.ErasureRefused as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        if confirmed:
            for plan in plans:
                self.log_change(request, plan.party, _("Erased a natural person's data."))
            rows = sum(plan.total for plan in plans)
            self.message_user(
                request,
                _("%(n)d person(s) erased; %(rows)d other row(s) rewritten.")
                % {"n": len(plans), "rows": rows},
                messages.SUCCESS,
            )
            return None
        return self.confirmation_page(
            request, "erase_natural_person", _("Erase identifying data"), "erase", plans=plans
        )
