"""`python manage.py send_alerts`: deliver the pending e-mail alerts (docs/commands.md).

Meant to run every minute from cron or a systemd timer (docs/alerts.md). Safe to run
concurrently: each mail is sent inside its own transaction holding locks on what it carries,
so two runs never send the same change to the same address (alerts.sending). It also erases
addresses left unconfirmed for ALERTS_UNCONFIRMED_DAYS.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alerts import sending, services
from alerts.models import Delivery


class Command(BaseCommand):
    help = (
        "Deliver pending e-mail alerts (grouped per case, daily digests), retry failed ones "
        "with back-off, and erase unconfirmed addresses. Safe to run concurrently."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report how many changes await delivery; send and write nothing.",
        )
        parser.add_argument(
            "--no-purge", action="store_true", help="Do not erase unconfirmed addresses."
        )

    def handle(self, *args, dry_run=False, no_purge=False, verbosity=1, **options):
        now = timezone.now()
        if dry_run:
            with transaction.atomic():
                sending.enqueue(now=now)
                pending = Delivery.objects.filter(status=Delivery.Status.PENDING).count()
                transaction.set_rollback(True)
            if verbosity:
                self.stdout.write(f"{pending} change(s) await delivery.")
            return
        erased = 0 if no_purge else services.purge_unconfirmed(now=now)
        report = sending.run(now=now)
        if verbosity:
            self.stdout.write(
                f"{report.mails_sent} mail(s) sent carrying {report.changes_sent} change(s), "
                f"{report.mails_failed} failed (will retry), {report.skipped} skipped, "
                f"{erased} unconfirmed address(es) erased."
            )
            if report.stopped:
                self.stdout.write(
                    f"Stopped early: {report.stopped}; the rest waits for the next run."
                )
