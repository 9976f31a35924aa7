"""What the interchange app does when the cases app reports a change (cases.signals)."""

from django.db import transaction
from django.dispatch import receiver

from cases.models import Party, Ruling
from cases.signals import parties_erased, ruling_withdrawn
from interchange import public_data


@receiver(parties_erased, sender=Party)
def discard_public_data(sender, parties, **kwargs):
    """The published data file may quote the erased names and texts."""
    transaction.on_commit(public_data.discard)


@receiver(ruling_withdrawn, sender=Ruling)
def discard_public_data_after_withdrawal(sender, ruling, **kwargs):
    """The published data file may hold the withdrawn ruling."""
    transaction.on_commit(public_data.discard)
