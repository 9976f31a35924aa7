"""Template helpers for the citator signal, so that any ruling page can show it."""

from django import template

from citations.models import Treatment, stats_of
from citations.selectors import ruling_signal_with_causes

register = template.Library()


@register.simple_tag
def ruling_citator(ruling) -> dict:
    """{signal, causes (the first citations causing it), cause_count, cited_by_count}."""
    signal, causes, cause_count = ruling_signal_with_causes(ruling=ruling)
    return {
        "signal": signal,
        "causes": causes,
        "cause_count": cause_count,
        # Precomputed (citations.CitedByStats): counting a hub's 70,000 citations took
        # seconds per page.
        "cited_by_count": stats_of(ruling).count,
    }


@register.filter
def treatment_label(value: str) -> str:
    """A treatment's code ("follows") as the page's language names it ("suit")."""
    try:
        return Treatment(value).label
    except ValueError:
        return value
