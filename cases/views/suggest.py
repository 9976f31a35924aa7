"""Name suggestions for the filters' case and party inputs (static/js/suggest.js fills their
<datalist> with them; docs/finding.md).

JSON: {"query": …, "results": [{"value": slug, "label": name}, …]}, at most
matching.MAX_MATCHES, found by the same rule as the filters themselves (cases.matching): public
cases, parties that are not natural persons. Answers are anonymous GETs, so the page cache keeps
them until the data changes (casetracker.pagecache); the script waits for a pause in typing and
asks each text once."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from cases import matching


def _suggestions(request, match) -> JsonResponse:
    field = forms.CharField(required=False, max_length=matching.MAX_TEXT_LENGTH)
    try:
        text = " ".join(field.clean(request.GET.get("q", "")).split())
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    records = match(text).records if len(text) >= matching.MIN_TEXT_LENGTH else []
    results = [{"value": record.slug, "label": matching.label(record)} for record in records]
    return JsonResponse({"query": text, "results": results})


@require_GET
def suggest_cases(request):
    return _suggestions(request, matching.case_match)


@require_GET
def suggest_parties(request):
    return _suggestions(request, matching.party_suggestions)
