"""Name suggestions for the filters' case and party inputs (static/js/suggest.js fills their
<datalist> with them; docs/finding.md).

JSON: {"query": …, "results": [{"value": slug, "label": name}, …]}, at most
matching.MAX_MATCHES, found by the same rule as the filters themselves (cases.matching): public
cases, parties that are not natural persons. Answers are anonymous GETs, so the page cache keeps
them until the data changes (casetracker.pagecache); the script waits for a pause in typing and
asks each text once."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases import matching


def _suggestions(request, match) -> JsonResponse:
    text = " ".join(request.GET.get("q", "").split())
    if len(text) > matching.MAX_TEXT_LENGTH:
        message = _("Type at most %(limit)d characters.") % {"limit": matching.MAX_TEXT_LENGTH}
        return JsonResponse({"query": text[:50], "error": message}, status=400)
    records = match(text).records if len(text) >= matching.MIN_TEXT_LENGTH else []
    results = [{"value": record.slug, "label": matching.label(record)} for record in records]
    return JsonResponse({"query": text, "results": results})


@require_GET
def suggest_cases(request):
    return _suggestions(request, matching.case_match)


@require_GET
def suggest_parties(request):
    return _suggestions(request, matching.party_suggestions)
