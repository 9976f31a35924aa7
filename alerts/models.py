"""Followers of cases, rulings (the citator) and searches, and what was sent to them.

Privacy (templates/pages/privacy.html): only an address and what it follows are stored;
unconfirmed subscriptions are deleted after ALERTS_UNCONFIRMED_DAYS; ending the last
subscription deletes the address.
"""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseChange, Ruling, TrackedModel
from citations.models import Citation


class Subscriber(TrackedModel):
    """An e-mail address that follows or asked to follow cases. No account, no name."""

    email = models.EmailField(
        _("e-mail address"),
        max_length=254,
        help_text=_("Stored with its domain in lower case; unique whatever the case."),
    )

    class Meta:
        ordering = ("email", "pk")
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="alerts_subscriber_email_unique"),
        ]

    def __str__(self) -> str:
        return self.email


class Subscription(TrackedModel):
    """An address following one case, one ruling (the new decisions citing it) or one search
    (the new rulings matching it), in the language of the page it subscribed from."""

    class Language(models.TextChoices):
        FR = "fr", _("French")
        EN = "en", _("English")

    class Kind(models.TextChoices):
        CASE = "case", _("a case")
        RULING = "ruling", _("the decisions citing a ruling")
        SEARCH = "search", _("a search")

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("subscriber"),
    )
    kind = models.CharField(_("follows"), max_length=6, choices=Kind.choices, default=Kind.CASE)
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_subscriptions",
        verbose_name=_("case"),
    )
    ruling = models.ForeignKey(
        Ruling,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_subscriptions",
        verbose_name=_("cited ruling"),
        help_text=_("The ruling whose new citations are sent (the citator)."),
    )
    include_unverified = models.BooleanField(
        _("include unverified citations"),
        default=False,
        help_text=_(
            "Also send the citations extracted from the text that no editor has checked yet, "
            "labelled as such."
        ),
    )
    search_query = models.CharField(_("search"), max_length=200, blank=True)
    search_filters = models.JSONField(
        _("search filters"),
        default=dict,
        blank=True,
        help_text=_('The filters of a followed search, e.g. {"court": "conseil-detat"}.'),
    )
    search_key = models.CharField(
        _("search key"),
        max_length=600,
        blank=True,
        editable=False,
        help_text=_("The query and filters in one canonical string: one subscription each."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    digest = models.BooleanField(
        _("daily digest"),
        default=False,
        help_text=_("One mail a day (at ALERTS_DIGEST_HOUR) instead of a mail per change."),
    )
    confirmed_at = models.DateTimeField(
        _("confirmed at"),
        null=True,
        blank=True,
        help_text=_(
            "When the address owner followed the confirmation link. Nothing is sent before; "
            "only changes made after it are sent."
        ),
    )

    class Meta:
        ordering = ("subscriber", "case", "pk")
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "case"], name="alerts_subscription_unique_case"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "ruling"], name="alerts_subscription_unique_ruling"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "search_key"],
                condition=models.Q(kind="search"),
                name="alerts_subscription_unique_search",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="case", case__isnull=False, ruling__isnull=True)
                | models.Q(kind="ruling", case__isnull=True, ruling__isnull=False)
                | models.Q(kind="search", case__isnull=True, ruling__isnull=True),
                name="alerts_subscription_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=["fr", "en"]), name="alerts_subscription_language"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "confirmed_at"], name="alerts_sub_case_confirmed_idx"),
            models.Index(fields=["ruling", "confirmed_at"], name="alerts_sub_ruling_conf_idx"),
            models.Index(fields=["confirmed_at", "created_at"], name="alerts_sub_unconfirmed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.target_label}"

    @property
    def search_filter_items(self) -> list[str]:
        from alerts.selectors import filter_items

        return filter_items(self.search_filters)

    @property
    def search_path(self) -> str:
        """The page showing a followed search: the search page, or the rulings list."""
        from alerts.selectors import search_page

        name, query = search_page(self.search_query, self.search_filters)
        return f"{reverse(name)}?{query}"

    @property
    def target_label(self) -> str:
        if self.kind == self.Kind.RULING:
            return str(self.ruling)
        if self.kind == self.Kind.SEARCH:
            return f"« {self.search_query} »"
        return str(self.case)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Delivery(models.Model):
    """One change to be sent, or sent, to one subscription. The unique constraint and the row
    lock taken while sending make sure a change is never sent twice to the same subscription."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed: gave up after the last attempt")
        SKIPPED = "skipped", _("skipped: the case is no longer public")
        KNOWN = "known", _("not sent: already public when the subscription was confirmed")

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    change = models.ForeignKey(
        CaseChange,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("change"),
    )
    citation = models.ForeignKey(
        Citation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("citation"),
        help_text=_("A new citation of a followed ruling."),
    )
    ruling = models.ForeignKey(
        Ruling,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ruling"),
        help_text=_("A new ruling matching a followed search."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("Mail attempts made, successful or not.")
    )
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        help_text=_("Not sent before this time: backs off exponentially after each failure."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "change"], name="alerts_delivery_once_per_change"
            ),
            models.UniqueConstraint(
                fields=["subscription", "citation"], name="alerts_delivery_once_per_citation"
            ),
            models.UniqueConstraint(
                fields=["subscription", "ruling"], name="alerts_delivery_once_per_ruling"
            ),
            models.CheckConstraint(
                condition=models.Q(change__isnull=False, citation__isnull=True, ruling__isnull=True)
                | models.Q(change__isnull=True, citation__isnull=False, ruling__isnull=True)
                | models.Q(change__isnull=True, citation__isnull=True, ruling__isnull=False),
                name="alerts_delivery_one_item",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed", "skipped", "known"]),
                name="alerts_delivery_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="alerts_delivery_due_idx"),
        ]

    def __str__(self) -> str:
        item = self.change or self.citation or self.ruling
        return f"{item} → {self.subscription.subscriber} ({self.get_status_display()})"
