"""Followers of cases and what was sent to them.

Privacy (templates/pages/privacy.html): only an address and the cases it follows are stored;
unconfirmed subscriptions are deleted after ALERTS_UNCONFIRMED_DAYS; ending the last
subscription deletes the address.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseChange, TrackedModel


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
    """An address following one case, in the language of the page it subscribed from."""

    class Language(models.TextChoices):
        FR = "fr", _("French")
        EN = "en", _("English")

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("subscriber"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="alert_subscriptions",
        verbose_name=_("case"),
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
            models.CheckConstraint(
                condition=models.Q(language__in=["fr", "en"]), name="alerts_subscription_language"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "confirmed_at"], name="alerts_sub_case_confirmed_idx"),
            models.Index(fields=["confirmed_at", "created_at"], name="alerts_sub_unconfirmed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.case}"

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

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    change = models.ForeignKey(
        CaseChange, on_delete=models.CASCADE, related_name="+", verbose_name=_("change")
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
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed", "skipped"]),
                name="alerts_delivery_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="alerts_delivery_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.change} → {self.subscription.subscriber} ({self.get_status_display()})"
