"""The alerts settings and their defaults (docs/alerts.md describes each)."""

from django.conf import settings

DEFAULTS = {
    # Changes of one case made within this many seconds of the first go out in one mail.
    "ALERTS_GROUP_SECONDS": 300,
    # Local hour (Europe/Paris) after which the daily digest of the previous day goes out.
    "ALERTS_DIGEST_HOUR": 7,
    # Unconfirmed subscriptions (and addresses left with none) are deleted after this.
    "ALERTS_UNCONFIRMED_DAYS": 7,
    # Lifetime of the signed links: confirmation, and the subscription-management page.
    "ALERTS_CONFIRM_MAX_AGE": 7 * 24 * 3600,
    "ALERTS_MANAGE_MAX_AGE": 90 * 24 * 3600,
    # Retries: first after ALERTS_RETRY_SECONDS, doubling each time, given up after the last.
    "ALERTS_MAX_ATTEMPTS": 8,
    "ALERTS_RETRY_SECONDS": 60,
    # Changes older than this are not announced any more (a stale alert helps nobody).
    "ALERTS_WINDOW_DAYS": 7,
    # A send_alerts run starts no new mail after this many seconds (with EMAIL_TIMEOUT, it ends
    # within the cron minute: runs never pile up behind a slow mail server).
    "ALERTS_RUN_SECONDS": 40,
    # Follow-form requests per ALERTS_RATE_WINDOW seconds: per e-mail address, per client (well
    # below the site's, so that one client cannot spend it for everyone), for the whole site.
    "ALERTS_RATE_PER_ADDRESS": 3,
    "ALERTS_RATE_PER_CLIENT": 10,
    "ALERTS_RATE_GLOBAL": 200,
    "ALERTS_RATE_WINDOW": 3600,
}


def get(name: str):
    """An ALERTS_* setting, or its default."""
    return getattr(settings, name, DEFAULTS[name])
