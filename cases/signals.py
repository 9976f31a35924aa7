"""Signals other apps listen to, so that cases never imports them (citations depends on cases)."""

from django.dispatch import Signal

# Sent with `case` after its publication changed: what it holds entered or left public output.
case_publication_changed = Signal()
