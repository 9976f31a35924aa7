"""What the public views share: answering bad input with 400, pagination."""

import functools

from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

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


def paginate(request, object_list, per_page: int = PAGE_SIZE) -> Page:
    """The page named by ?page= (1 when absent); BadInput for anything but an existing page."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise BadInput(_("“%(page)s” is not a page number.") % {"page": raw[:20]})
    number = int(raw)
    paginator = Paginator(object_list, per_page)
    if number > 1 and number > paginator.num_pages:
        raise BadInput(
            _("There is no page %(page)d: the last page is %(last)d.")
            % {"page": number, "last": paginator.num_pages}
        )
    return paginator.page(number)


def query_without_page(request) -> str:
    """The current query string without `page`, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
