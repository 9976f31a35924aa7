from django.contrib import admin

from alerts.models import Delivery, Subscriber, Subscription


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ("kind", "case", "ruling", "search_query", "language", "digest", "confirmed_at")
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
    list_display = ("subscriber", "kind", "case", "ruling", "language", "digest", "confirmed_at")
    list_filter = ("kind", "language", "digest", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = (
        "subscriber__email",
        "case__title_fr",
        "case__title_en",
        "ruling__short_name",
        "search_query",
    )
    autocomplete_fields = ("subscriber", "case", "ruling")
    list_select_related = ("subscriber", "case", "ruling__court")
    readonly_fields = ("uid", "search_key", "confirmed_at", "created_at", "updated_at")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """What was sent, is waiting or failed: read-only, written by send_alerts."""

    list_display = ("__str__", "subscription", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("subscription__subscriber__email",)
    autocomplete_fields = ()
    list_select_related = (
        "change__case",
        "citation__citing_ruling__court",
        "citation__citing_filing",
        "citation__cited__court",
        "ruling__court",
        "subscription__subscriber",
        "subscription__case",
        "subscription__ruling__court",
    )
    readonly_fields = (
        "subscription",
        "change",
        "citation",
        "ruling",
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
