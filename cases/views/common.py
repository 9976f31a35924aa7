"""What the public views share: answering bad input with 400, the page size and the query
string of pagination links (the paginator itself is cases.views.paging)."""

import functools

from django.shortcuts import render

PAGE_SIZE = 25


class BadInput(Exception):
    """Input the page cannot answer (a page number out of range, a malformed value)."""


def answers_bad_input(view):
    """Render the 400 page, naming what is wrong, instead of letting a BadInput through."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadInput as error:
            return bad_request(request, str(error))

    return wrapper


def bad_request(request, message: str, *, form=None, template: str | None = None, context=None):
    """400 with the page's own form and its errors when given, else a plain error page."""
    context = {**(context or {}), "error_message": message, "form": form}
    return render(request, template or "cases/bad_request.html", context, status=400)


def query_without_page(request) -> str:
    """The current query string without `page`, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
