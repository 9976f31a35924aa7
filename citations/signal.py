"""The citator signal (docs/citations.md): is a ruling still good law, from the treatments it
gets."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from citations.models import Treatment


class Signal(models.TextChoices):
    NEGATIVE = "negative", _("negative: overruled")
    CAUTION = "caution", _("caution: questioned, criticised or distinguished")
    POSITIVE = "positive", _("positive: followed or applied")
    NEUTRAL = "neutral", _("neutral: cited only, or not cited")


CAUTION_TREATMENTS = {Treatment.QUESTIONS, Treatment.CRITICISES, Treatment.DISTINGUISHES}
POSITIVE_TREATMENTS = {Treatment.FOLLOWS, Treatment.APPLIES}


def citator_signal(treatments: Iterable[str]) -> Signal:
    """Negative if any overrules; else caution if any questions, criticises or distinguishes;
    else positive if any follows or applies; else neutral."""
    received = set(treatments)
    if Treatment.OVERRULES in received:
        return Signal.NEGATIVE
    if received & CAUTION_TREATMENTS:
        return Signal.CAUTION
    if received & POSITIVE_TREATMENTS:
        return Signal.POSITIVE
    return Signal.NEUTRAL


# The treatments that set each signal (neutral: none in particular).
SIGNAL_TREATMENTS = {
    Signal.NEGATIVE: {Treatment.OVERRULES},
    Signal.CAUTION: CAUTION_TREATMENTS,
    Signal.POSITIVE: POSITIVE_TREATMENTS,
    Signal.NEUTRAL: set(),
}
