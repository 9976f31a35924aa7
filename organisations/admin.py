"""Organisations and memberships are managed by curators and superusers; members see their own."""

from axes import admin as axes_admin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organisations.models import Membership, Organisation
from organisations.selectors import user_is_curator, user_organisation_ids


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role")

    def has_view_permission(self, request, obj=None):
        return user_is_curator(user=request.user)

    def has_add_permission(self, request, obj=None):
        return user_is_curator(user=request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_curator(user=request.user)

    def has_delete_permission(self, request, obj=None):
        return user_is_curator(user=request.user)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "website")
    list_filter = ()
    search_fields = ("name", "slug")
    autocomplete_fields = ()
    list_select_related = ()
    readonly_fields = ("uid", "created_at", "updated_at")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline,)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if user_is_curator(user=request.user):
            return qs
        return qs.filter(pk__in=user_organisation_ids(user=request.user))

    def has_module_permission(self, request):
        return user_is_curator(user=request.user) or bool(user_organisation_ids(user=request.user))

    def has_view_permission(self, request, obj=None):
        if user_is_curator(user=request.user):
            return True
        ids = user_organisation_ids(user=request.user)
        return bool(ids) if obj is None else obj.pk in ids

    def has_add_permission(self, request):
        return user_is_curator(user=request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_curator(user=request.user)

    def has_delete_permission(self, request, obj=None):
        return user_is_curator(user=request.user)


# django-axes' admin, in the admin's language: its status column is named after the method
# and its records after an f-string, which no catalog can translate.
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description=_("Status"))
    def status(self, obj):
        remaining = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if remaining > 0:
            return ngettext("%(n)d attempt remaining", "%(n)d attempts remaining", remaining) % {
                "n": remaining
            }
        return _("Locked Out")

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext(
                "%(n)d expired access attempt cleaned up.",
                "%(n)d expired access attempts cleaned up.",
                count,
            )
            % {"n": count},
        )


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, AccessAttemptAdmin)
