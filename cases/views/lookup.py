"""Finding things: search, the ECLI resolver, and what search engines read."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from cases import search as text_search
from cases import selectors
from cases.citation_forms import CitationQuery, ecli_error, parse_citation
from cases.filters import SearchForm
from cases.identifiers import IdentifierError, parse_ecli
from cases.views.common import bad_request
from common.languages import language_from_accept_header

SEARCH_LIMIT = 20


def search(request):
    """Text search, unless the query is a citation (cases.citation_forms): then the ruling or
    case it names, or the list of them when several courts use the number."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return bad_request(
            request,
            _("The search is not valid."),
            form=form,
            template="cases/search.html",
            context={"results": None},
        )
    query = form.cleaned_data["q"].strip()
    context = {"form": form, "query": query, "results": None}
    citation = parse_citation(query) if query else None
    if citation is not None:
        hits = selectors.identifier_hits(citation)
        if len(hits) == 1:
            return redirect(hits[0])
        # A citation is no text to search: its numbers' digits would match anything.
        context.update(citation=citation, hits=hits)
    elif error := ecli_error(query):
        context["ecli_error"] = error
    elif text_search.words(query):
        context["results"] = selectors.search_results(
            query, translation.get_language()[:2], SEARCH_LIMIT
        )
    return render(request, "cases/search.html", context)


def ecli_resolve(request, value: str):
    """/ecli/<ECLI>/: 302 to the ruling in the reader's language; 400 naming the wrong part
    of a malformed ECLI; 404 with pointers for a valid one we do not hold."""
    language = language_from_accept_header(request)
    with translation.override(language):
        try:
            ecli = parse_ecli(value)
        except IdentifierError as error:
            response = render(
                request,
                "cases/ecli_error.html",
                {"value": value[:100], "error": error, "part": error.part},
                status=400,
            )
        else:
            hits = selectors.identifier_hits(CitationQuery(label=str(ecli), ecli=str(ecli)))
            if hits:
                response = HttpResponseRedirect(hits[0].get_absolute_url())
            else:
                response = render(
                    request,
                    "cases/ecli_error.html",
                    {"value": str(ecli), "ecli": ecli, "unknown": True},
                    status=404,
                )
    patch_vary_headers(response, ("Accept-Language",))
    return response


def sitemap_xml(request):
    """Every public page, in both languages, with its alternate (hreflang) links."""
    site = settings.SITE_URL
    paths = [reverse("home"), reverse("case_list"), reverse("timeline")]
    paths += [reverse("hearing_calendar"), reverse("ruling_list")]
    paths += [reverse("data_page")]
    paths += [case.get_absolute_url() for case in selectors.sitemap_cases()]
    paths += [ruling.get_absolute_url() for ruling in selectors.sitemap_rulings()]
    paths += [court.get_absolute_url() for court in selectors.sitemap_courts()]
    paths += [party.get_absolute_url() for party in selectors.sitemap_parties()]
    urls = [
        {
            "alternates": [
                (code, site + translate_url(path, code)) for code, _name in settings.LANGUAGES
            ]
        }
        for path in paths
    ]
    return render(request, "cases/sitemap.xml", {"urls": urls}, content_type="application/xml")


def robots_txt(request):
    lines = [
        "User-agent: *",
        *[f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES],
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap_xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
