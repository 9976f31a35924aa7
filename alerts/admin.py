from django.contrib import admin

from alerts.models import Delivery, Subscriber, Subscription


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ("case", "language", "digest", "confirmed_at", "created_at")
    readonly_fields = fields
    can_delete = True
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "created_at")
    list_filter = ("subscriptions__confirmed_at",)
    search_fields = ("email",)
    autocomplete_fields = ()
    list_select_related = ()
    readonly_fields = ("uid", "created_at", "updated_at")
    inlines = [SubscriptionInline]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("subscriber", "case", "language", "digest", "confirmed_at")
    list_filter = ("language", "digest", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("subscriber__email", "case__title_fr", "case__title_en")
    autocomplete_fields = ("subscriber", "case")
    list_select_related = ("subscriber", "case")
    readonly_fields = ("uid", "confirmed_at", "created_at", "updated_at")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """What was sent, is waiting or failed: read-only, written by send_alerts."""

    list_display = ("change", "subscription", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("subscription__subscriber__email",)
    autocomplete_fields = ()
    list_select_related = ("change__case", "subscription__subscriber", "subscription__case")
    readonly_fields = (
        "subscription",
        "change",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "created_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
