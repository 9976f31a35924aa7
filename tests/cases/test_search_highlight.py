"""Search snippets mark what the search matched: whole words, whatever the case and the
accents, never a stop word nor a piece of a longer word; the plain path (SQLite) marks the
words PostgreSQL's headline marks."""

import re

import pytest
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import Value

from cases import search
from cases.models import Case, Ruling

pytestmark = pytest.mark.django_db

SOURCE = (
    "Les associations demandent la suspension du partenariat : l'hébergement des données de "
    "santé et des rendez-vous, under the CLOUD Act, par une filiale d'Amazon."
)


def marked(snippet: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", str(snippet))


def plain_words(source: str, query: str, language: str) -> list[str]:
    return [source[first:last] for first, last in search.matched_spans(source, query, language)]


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("hebergement", "fr", ["hébergement"]),
        ("HÉBERGEMENT de", "fr", ["hébergement"]),
        ("de", "fr", []),
        ("donnée", "fr", ["données"]),
        ("rendez", "fr", ["rendez"]),
        ("under", "en", []),
        ("amazon act", "en", ["Act", "Amazon"]),
        ("heberge", "fr", []),
    ],
)
def test_the_plain_path_marks_whole_matched_words_and_no_stop_word(query, language, expected):
    assert plain_words(SOURCE, query, language) == expected


class Summary:
    """An object with a summary, as search.snippet reads it."""

    def __init__(self, text):
        self.text = text

    def localized(self, field, language):
        return self


def test_the_plain_snippet_is_escaped_and_marks_each_occurrence():
    text = "<b>Doctolib</b> & doctolib: DOCTOLIB, doctolibre."
    snippet = search.snippet(Summary(text), "doctolib", "summary", "fr")
    assert marked(snippet) == ["Doctolib", "doctolib", "DOCTOLIB"]
    assert "&lt;b&gt;" in snippet and "doctolibre" in snippet


def test_the_search_page_marks_the_searched_words_and_not_de(client, demo):
    body = client.get("/fr/search/", {"q": "Données de santé"}).content.decode()
    words = {word.lower() for word in marked(body)}
    assert words == {"données", "santé"}
    assert "<mark>de</mark>" not in body and "<mark>De</mark>" not in body


# Queries whose words both paths match alike (beyond plurals, PostgreSQL's stemmers also match
# other inflections, which the plain path does not claim to).
SAME_QUERIES = [
    ("hébergement", "fr"),
    ("Doctolib", "fr"),
    ("donnée de santé", "fr"),
    ("rendez-vous vaccination", "fr"),
    ("Microsoft sécurité", "fr"),
    ("de la le", "fr"),
    ("health data", "en"),
    ("Doctolib under", "en"),
    ("Privacy Shield", "en"),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("query", "language"), SAME_QUERIES)
def test_both_databases_mark_the_same_words(demo, query, language):
    """The same query over every demo summary: PostgreSQL's headline (all matches marked) and
    the plain path mark the same words."""
    config = search.CONFIGS[language]
    texts = [c.summary(language) for c in _summaries(Case, language)] + [
        r.summary(language) for r in _summaries(Ruling, language)
    ]
    assert texts
    for text in texts:
        headline = (
            Case.objects.annotate(
                h=SearchHeadline(
                    Value(text),
                    SearchQuery(search._clean(query), config=config, search_type="plain"),
                    config=config,
                    start_sel="<mark>",
                    stop_sel="</mark>",
                    highlight_all=True,
                )
            )
            .values_list("h", flat=True)
            .first()
        )
        assert [w.lower() for w in marked(headline)] == [
            w.lower() for w in plain_words(text, query, language)
        ], text


def _summaries(model, language):
    class Text:
        def __init__(self, value):
            self.value = value

        def summary(self, _language):
            return self.value

    return [Text(v) for v in model.objects.values_list(f"summary_{language}", flat=True) if v]


def test_the_search_page_marks_the_searched_word_in_titles(client, demo):
    """ "hébergement" is in two demo case titles and in no summary: the titles show it marked,
    on both databases, whatever the accents typed."""
    for query in ("hébergement", "HEBERGEMENT"):
        body = client.get("/fr/search/", {"q": query}).content.decode()
        titles = re.findall(r'<h3><a href="/fr/cases/[^"]+">(.*?)</a></h3>', body)
        assert len(titles) >= 2
        assert all(marked(title) == ["hébergement"] for title in titles), titles


def test_marked_titles_and_names_stay_escaped():
    source = "<b>Doctolib</b> & l'hébergement"
    assert str(search.marked(source, "doctolib hebergement", "fr")) == (
        "&lt;b&gt;<mark>Doctolib</mark>&lt;/b&gt; &amp; l&#x27;<mark>hébergement</mark>"
    )
    assert str(search.marked(source, "de", "fr")) == (
        "&lt;b&gt;Doctolib&lt;/b&gt; &amp; l&#x27;hébergement"
    )


def test_the_search_page_marks_party_names(client, demo):
    body = client.get("/en/search/", {"q": "Doctolib"}).content.decode()
    section = body.split('id="party-results"')[1]
    assert "<mark>Doctolib</mark>" in section
