"""What the public views share: answering bad input with 400, the page size and the query
string of pagination links (the paginator itself is cases.views.paging), what a typed name
matched."""

import functools
from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import gettext as _

from cases import matching

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


@dataclass(frozen=True)
class NameNote:
    """What a name typed in a filter matched, said above the results when it is not exactly
    one record: nothing, several (each a link narrowing the filter to it), or more than
    matching.MAX_MATCHES."""

    field: str
    found: matching.NameMatch
    picks: list[tuple[str, str]]  # (name, query string choosing that record)


def name_notes(request, form, fields: tuple[str, ...]) -> list[NameNote]:
    notes = []
    for name in fields:
        found = form.cleaned_data.get(name)
        if found is None or found.single is not None:
            continue
        picks = []
        for record in found.records:
            query = request.GET.copy()
            for cursor in ("page", "before", "start"):
                query.pop(cursor, None)
            query[name] = record.slug
            picks.append((matching.label(record), query.urlencode()))
        notes.append(NameNote(str(form.fields[name].label), found, picks))
    return notes


def refuse_unmatched_names(form, fields: tuple[str, ...]) -> bool:
    """For downloads, which have no page to explain an empty result on: a typed name that
    matched nothing becomes an error of `form` (True when one did)."""
    refused = False
    for name in fields:
        found = form.cleaned_data.get(name)
        if found is not None and not found.records:
            message = _("%(field)s: nothing matches “%(text)s”.") % {
                "field": form.fields[name].label,
                "text": found.text[:50],
            }
            form.add_error(None, message)
            refused = True
    return refused
