"""Admin template helpers: the review queue on the admin index."""

from django import template

from cases import selectors

register = template.Library()

REVIEW_QUEUE_LIMIT = 50


@register.simple_tag(takes_context=True)
def cases_awaiting_review(context):
    """The cases in review the logged-in user may publish (at most REVIEW_QUEUE_LIMIT), and
    how many there are in all."""
    cases = selectors.case_list_awaiting_review(user=context["request"].user)
    return {"cases": list(cases[:REVIEW_QUEUE_LIMIT]), "total": cases.count()}
