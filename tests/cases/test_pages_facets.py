"""Facets of the cases list add to the filters already chosen; a chosen facet can be removed."""

import datetime as dt
from urllib.parse import parse_qs

import html5lib
import pytest

from tests.factories import cases as f

pytestmark = pytest.mark.django_db


def facets(response) -> dict[str, list[dict]]:
    """The facet lists of the page by heading: each item's label, count, link, selected."""
    assert response.status_code == 200, response.content[:2000]
    tree = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    out, heading = {}, None
    for element in tree.find(".//aside"):
        if element.tag == "h3":
            heading = element.text
        elif element.tag == "ul" and "facets" in element.get("class", ""):
            out[heading] = [_item(li) for li in element.iter("li") if li.find(".//a") is not None]
    return out


def _item(li) -> dict:
    link = li.find(".//a")
    selected = "selected" in li.get("class", "")
    label = li.find("strong").text if selected else link.text
    href = link.get("href")
    assert href.startswith("?")
    return {
        "label": label,
        "count": li.find(".//span[@class='count']").text,
        "query": parse_qs(href[1:]),
        "selected": selected,
    }


def by_label(items: list[dict], label: str) -> dict:
    return next(item for item in items if item["label"] == label)


CE = "Conseil d'État (French Council of State)"


def test_facet_links_without_a_filter_set_only_their_value(client, demo):
    court = by_label(facets(client.get("/en/cases/"))["Court"], CE)
    assert court == {"label": CE, "count": "(2)", "query": {"court": ["ce"]}, "selected": False}


def test_a_court_facet_keeps_the_status_already_chosen(client, demo):
    page = facets(client.get("/en/cases/", {"status": "decided"}))
    court = by_label(page["Court"], CE)
    assert court["query"] == {"status": ["decided"], "court": ["ce"]}
    assert not court["selected"]
    # Following the link narrows the results by both.
    narrowed = client.get("/en/cases/", {"status": "decided", "court": "ce"})
    results = narrowed.content.decode().split('id="results-title"')[1]
    assert "Doctolib" in results


def test_every_other_filter_is_kept_but_the_page_number(client, demo):
    params = {"q": "data", "sort": "title", "filed_after": "2019-01-01", "page": "1"}
    for items in facets(client.get("/en/cases/", params)).values():
        for item in items:
            assert item["query"]["q"] == ["data"]
            assert item["query"]["sort"] == ["title"]
            assert item["query"]["filed_after"] == ["2019-01-01"]
            assert "page" not in item["query"]


def test_a_chosen_facet_shows_as_selected_with_a_link_that_removes_it(client, demo):
    page = facets(client.get("/en/cases/", {"status": "decided", "court": "ce"}))
    status = [item for item in page["Status"] if item["selected"]]
    assert [s["label"] for s in status] == ["Decided"]
    assert status[0]["query"] == {"court": ["ce"]}  # removes the status, keeps the court
    court = by_label(page["Court"], CE)
    assert court["selected"]
    assert court["query"] == {"status": ["decided"]}


def test_the_remove_link_names_the_filter_for_screen_readers(client, demo):
    body = client.get("/en/cases/", {"court": "ce"}).content.decode()
    assert 'class="visually-hidden"> the filter “Conseil d&#x27;État' in body
    body = client.get("/fr/cases/", {"court": "ce"}).content.decode()
    assert "retirer" in body and "le filtre « Conseil d&#x27;État" in body


def test_choosing_another_value_of_the_same_facet_replaces_it(client):
    """A case heard by two courts: with one court chosen, the other's link replaces it."""
    first, second = f.court(), f.court()
    the_case = f.case("Affaire à deux juridictions")
    f.proceeding(the_case, first)
    f.proceeding(the_case, second)
    page = facets(client.get("/en/cases/", {"court": first.slug, "sort": "title"}))
    assert by_label(page["Court"], first.name_en)["selected"]
    other = by_label(page["Court"], second.name_en)
    assert not other["selected"]
    assert other["query"] == {"court": [second.slug], "sort": ["title"]}


def test_a_chosen_value_left_with_no_case_is_still_listed_to_be_removed(client, demo):
    page = facets(client.get("/en/cases/", {"status": "withdrawn", "court": "ce"}))
    status = by_label(page["Status"], "Withdrawn")
    assert status == {
        "label": "Withdrawn",
        "count": "(0)",
        "query": {"court": ["ce"]},
        "selected": True,
    }
    court = by_label(page["Court"], CE)
    assert court["selected"] and court["count"] == "(0)"


@pytest.mark.parametrize("n", [1, 50])
def test_facets_with_filters_chosen_keep_the_query_count(client, django_assert_max_num_queries, n):
    """Guards an N+1 on the facet links: labels of chosen courts and topics come from the
    objects the filter form loaded, never one query per facet value."""
    case = f.populated_case(n, today=dt.date.today())
    court = case.proceedings.first().court
    topic = case.topics.first()
    params = {"status": case.status, "court": court.slug, "topic": topic.slug, "sort": "title"}
    with django_assert_max_num_queries(12):
        response = client.get("/fr/cases/", params)
    assert response.status_code == 200
    assert by_label(facets(response)["Juridiction"], court.name_fr)["selected"]
