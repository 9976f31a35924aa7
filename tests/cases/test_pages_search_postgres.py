"""Full-text search on PostgreSQL: French and English stemming, accents, ranking, snippets."""

import pytest

from cases import search
from cases.models import Case, Ruling

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_french_stemming_and_unaccent_find_the_case(demo):
    # "hébergées" and "données" in the summary; no accent and another inflection in the query.
    found = search.filter_text(Case.objects.public(), "hebergee donnee vaccination")
    assert list(found.values_list("slug", flat=True)) == ["doctolib-aws"]


def test_english_stemming_finds_the_ruling(demo):
    rulings = search.filter_text(
        Ruling.objects.public(), "transferred clause", fields=search.RULING_FIELDS
    )
    assert "Schrems II" in {r.short_name for r in rulings}


def test_results_are_ranked_and_snippets_marked(client, demo):
    response = client.get("/fr/search/", {"q": "bouclier protection"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<mark>" in body


def test_snippet_escapes_html_in_the_text(demo):
    case = Case.objects.get(slug="doctolib-aws")
    Case.objects.filter(pk=case.pk).update(summary_fr="<script>x</script> Doctolib")
    qs = search.with_snippet(
        search.filter_text(Case.objects.filter(pk=case.pk), "Doctolib"),
        "Doctolib",
        "summary",
        "fr",
    )
    item = qs.get()
    snippet = search.snippet(item, "Doctolib", "summary", "fr")
    assert "<script>" not in snippet
    assert "<mark>Doctolib</mark>" in snippet
