"""Citations not verified: shown, marked "unverified", wherever a citation is shown,
and left out of the public cited-by counts and the citator signal until an editor verifies them.
Imported data showed "Cited by 3" where 2 were verified."""

import datetime as dt
import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from cases import services as case_services
from cases.models import Case, Ruling
from citations import graph, selectors, services
from citations.models import Citation, stats_of
from citations.signal import Signal
from interchange.importer import import_all_or_nothing
from organisations.models import Membership, Organisation
from tests import factories as f
from tests.factories import make_member
from tests.formdata import posted_data
from tests.html5 import parse_errors

pytestmark = pytest.mark.django_db

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def en(name: str, obj) -> str:
    with translation.override("en"):
        return reverse(name, kwargs={"slug": obj.slug})


def public_ruling(**kwargs) -> Ruling:
    return f.RulingFactory(proceeding=f.ProceedingFactory(case=f.CaseFactory()), **kwargs)


@pytest.fixture
def cited_three_times():
    """A ruling cited by two verified rulings (follows) and one unverified (overrules)."""
    cited = f.RulingFactory(short_name="Target")
    verified = [
        public_ruling(decided_on=dt.date(2022, 1, day), short_name=f"Checked {day}")
        for day in (1, 2)
    ]
    for citing in verified:
        services.citation_create(citing=citing, cited=cited, treatment="follows", verified=True)
    unchecked = public_ruling(decided_on=dt.date(2022, 1, 3), short_name="Unchecked")
    citation = services.citation_create(
        citing=unchecked, cited=cited, treatment="overrules", verified=False
    )
    cited.refresh_from_db()
    return SimpleNamespace(cited=cited, verified=verified, unchecked=unchecked, citation=citation)


def li_of(body: str, name: str) -> str:
    """The list item naming `name` on a page."""
    start = body.index(name)
    return body[body.rindex("<li", 0, start) : body.index("</li>", start)]


def test_an_unverified_citation_is_neither_counted_nor_in_the_signal(cited_three_times):
    cited = cited_three_times.cited
    assert stats_of(cited).count == 2
    assert stats_of(cited).treatments == {"follows": 2}
    assert selectors.ruling_signal(ruling=cited) == Signal.POSITIVE
    assert selectors.ruling_cited_by_count(ruling=cited) == 2
    signal, causes, cause_count = selectors.ruling_signal_with_causes(ruling=cited)
    assert signal == Signal.POSITIVE and cause_count == 2
    assert cited_three_times.citation not in causes


def test_verifying_through_the_service_counts_it_and_moves_the_signal(cited_three_times):
    cited = cited_three_times.cited
    assert services.citations_verify(citations=[cited_three_times.citation]) == 1
    cited.refresh_from_db()
    assert stats_of(cited).count == 3
    assert stats_of(cited).treatments == {"follows": 2, "overrules": 1}
    assert selectors.ruling_signal(ruling=cited) == Signal.NEGATIVE
    # Verified already: nothing to do.
    assert services.citations_verify(citations=[cited_three_times.citation]) == 0


def test_the_ruling_page_marks_the_unverified_citation_and_does_not_count_it(
    client, cited_three_times
):
    body = client.get(en("ruling_detail", cited_three_times.cited)).content.decode()
    assert "Cited by 2 public rulings or filings." in body
    assert "Cited by 3" not in body
    assert "unverified" in li_of(body, "Unchecked")
    assert "unverified" not in li_of(body, "Checked 1")
    assert "positive" in body and "negative: overruled" not in body
    # The causes of the signal are the verified citations only.
    causes = body[body.index("signal-causes") :]
    assert "Unchecked" not in causes[: causes.index("</ul>")]
    # The citing ruling's page marks it too, in "Cites".
    citing = client.get(en("ruling_detail", cited_three_times.unchecked)).content.decode()
    assert "unverified" in li_of(citing, "Target")


def test_the_french_page_marks_it_with_the_same_element(client, cited_three_times):
    with translation.override("fr"):
        url = reverse("ruling_detail", kwargs={"slug": cited_three_times.cited.slug})
    body = client.get(url).content.decode()
    assert 'class="citation-unverified"' in li_of(body, "Unchecked")


def test_the_case_page_marks_an_unverified_ruling_it_relies_on(client):
    case = f.CaseFactory()
    citing = f.RulingFactory(proceeding=f.ProceedingFactory(case=case))
    filing = f.FilingFactory(proceeding=citing.proceeding)
    checked = f.RulingFactory(short_name="Checked")
    unchecked = f.RulingFactory(short_name="Unchecked")
    both = f.RulingFactory(short_name="Both ways")
    services.citation_create(citing=citing, cited=checked, verified=True)
    services.citation_create(citing=filing, cited=unchecked, verified=False)
    # Cited once unverified, once verified: the verified one is the one shown.
    services.citation_create(citing=filing, cited=both, verified=False)
    services.citation_create(citing=citing, cited=both, verified=True)
    body = client.get(en("case_detail", case)).content.decode()
    assert "unverified" in li_of(body, "Unchecked")
    assert "unverified" not in li_of(body, "Checked")
    assert "unverified" not in li_of(body, "Both ways")


def test_the_graph_page_and_its_exports_mark_it(client, cited_three_times):
    cited = cited_three_times.cited
    page = client.get(en("ruling_graph", cited)).content.decode()
    incoming = f'<a href="#node-{cited_three_times.unchecked.pk}">Unchecked'
    assert "unverified" in li_of(page, incoming)
    assert "edge-unverified" in page
    assert "cited 2 times" in page

    data = json.loads(b"".join(client.get(en("ruling_graph_json", cited)).streaming_content))
    by_source = {e["source"]: e for e in data["edges"]}
    assert by_source[cited_three_times.unchecked.slug]["verified"] is False
    assert by_source[cited_three_times.verified[0].slug]["verified"] is True
    root = next(n for n in data["nodes"] if n["id"] == cited.slug)
    assert root["cited_by_count"] == 2 and root["signal"] == "positive"

    whole = json.loads(b"".join(client.get("/en/graph.json").streaming_content))
    flags = {e["source"]: e["verified"] for e in whole["edges"]}
    assert flags[cited_three_times.unchecked.slug] is False
    assert flags[cited_three_times.verified[1].slug] is True

    for url in ("/en/graph.graphml", en("ruling_graph_graphml", cited)):
        tree = ET.fromstring(b"".join(client.get(url).streaming_content))
        keys = {k.get("attr.name"): k.get("id") for k in tree.iter(f"{GRAPHML}key")}
        assert "verified" in keys
        edges = {
            e.get("source"): {d.get("key"): d.text for d in e.iter(f"{GRAPHML}data")}
            for e in tree.iter(f"{GRAPHML}edge")
        }
        assert edges[cited_three_times.unchecked.slug][keys["verified"]] == "false"
        assert edges[cited_three_times.verified[0].slug][keys["verified"]] == "true"


def test_the_neighbourhood_keeps_the_unverified_edge_but_not_in_the_counts(cited_three_times):
    hood = graph.neighbourhood(ruling=cited_three_times.cited)
    assert {e.source.ruling.pk for e in hood.edges} == {
        cited_three_times.unchecked.pk,
        *(r.pk for r in cited_three_times.verified),
    }
    assert hood.root.cited_by_count == 2 and hood.root.signal == Signal.POSITIVE


def test_the_api_says_which_citations_are_verified_and_filters_on_it(client, cited_three_times):
    url = "/api/v1/citations/?cited=" + cited_three_times.cited.slug
    rows = client.get(url).json()["results"]
    assert {r["citing_ruling"]: r["verified"] for r in rows} == {
        cited_three_times.unchecked.slug: False,
        cited_three_times.verified[0].slug: True,
        cited_three_times.verified[1].slug: True,
    }
    unverified = client.get(url + "&verified=false").json()["results"]
    assert [r["citing_ruling"] for r in unverified] == [cited_three_times.unchecked.slug]
    assert client.get(url + "&verified=maybe").status_code == 400


@pytest.fixture
def editors_citation():
    """An editor's published case whose ruling cites a reference ruling, unverified."""
    organisation = Organisation.objects.create(name="Association V", slug="assoc-v")
    editor = make_member("editor_v", organisation, Membership.Role.EDITOR)
    case = f.CaseFactory(organisation=organisation)
    citing = f.RulingFactory(proceeding=f.ProceedingFactory(case=case))
    cited = f.RulingFactory(short_name="Reference")
    citation = services.citation_create(citing=citing, cited=cited, treatment="applies")
    return SimpleNamespace(editor=editor, citation=citation, cited=cited)


def test_an_editor_ticking_verified_in_the_admin_form_counts_it(client, editors_citation):
    cited = editors_citation.cited
    cited.refresh_from_db()
    assert stats_of(cited).count == 0
    client.force_login(editors_citation.editor)
    url = reverse("admin:citations_citation_change", args=[editors_citation.citation.pk])
    data = posted_data(client.get(url))
    assert "verified" not in data  # an unchecked box is not posted
    data["verified"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cited.refresh_from_db()
    assert (stats_of(cited).count, stats_of(cited).treatments) == (1, {"applies": 1})


def test_the_admin_action_verifies_and_counts(client, editors_citation):
    client.force_login(editors_citation.editor)
    response = client.post(
        reverse("admin:citations_citation_changelist"),
        {"action": "mark_verified", "_selected_action": [editors_citation.citation.pk]},
    )
    assert response.status_code == 302
    editors_citation.cited.refresh_from_db()
    assert stats_of(editors_citation.cited).count == 1
    assert Citation.objects.get(pk=editors_citation.citation.pk).verified


def test_the_admin_list_shows_which_citations_are_unverified(admin_client, cited_three_times):
    response = admin_client.get(
        reverse("admin:citations_citation_changelist") + "?verified__exact=0"
    )
    assert list(response.context["cl"].result_list) == [cited_three_times.citation]


# The migration recounting without unverified citations: tests/citations/test_counts_migrations.py


def test_unpublishing_keeps_an_unverified_citation_out_of_the_counts(cited_three_times):
    case = Case.objects.get(proceedings__rulings=cited_three_times.verified[0])
    case.publication = Case.Publication.DRAFT
    case_services.case_save(case=case)
    cited_three_times.cited.refresh_from_db()
    assert stats_of(cited_three_times.cited).count == 1


def test_an_import_verifying_a_stored_citation_counts_it(cited_three_times):
    """The bulk import path: a file marking the unverified citation verified recounts."""
    citation = cited_three_times.citation
    assert stats_of(cited_three_times.cited).count == 2
    row = {
        "uid": str(citation.uid),
        "citing_ruling": str(cited_three_times.unchecked.uid),
        "cited": str(cited_three_times.cited.uid),
        "treatment": "overrules",
        "verified": True,
    }
    doc = {"format": "casetracker-caselaw", "version": 1, "citations": [row]}
    doc |= {key: [] for key in ("courts", "parties", "cases", "rulings")}
    with translation.override("en"):
        problems, _stats = import_all_or_nothing(doc)
    assert problems == []
    cited_three_times.cited.refresh_from_db()
    assert stats_of(cited_three_times.cited).count == 3
    assert selectors.ruling_signal(ruling=cited_three_times.cited) == Signal.NEGATIVE


def test_a_citation_an_editor_enters_by_hand_starts_verified(client, editors_citation):
    """The editor typing a citation has read it: the admin's "verified" box starts ticked (an
    editor may untick it); extracted and imported citations are the ones left unverified."""
    client.force_login(editors_citation.editor)
    citing = editors_citation.citation.citing_ruling
    other = f.RulingFactory(short_name="Other reference")
    url = reverse("admin:citations_citation_add")
    data = posted_data(client.get(url))
    assert data.get("verified") == "on"
    data |= {"citing_ruling": str(citing.pk), "cited": str(other.pk), "treatment": "follows"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    other.refresh_from_db()
    assert (stats_of(other).count, stats_of(other).treatments) == (1, {"follows": 1})
    # The ruling's inline offers the same for a new row.
    page = client.get(reverse("admin:cases_ruling_change", args=[citing.pk]))
    inline = posted_data(page)
    assert inline.get("outgoing_citations-__prefix__-verified") == "on"


def test_the_pages_with_an_unverified_mark_are_valid_html(client, cited_three_times):
    for name in ("ruling_detail", "ruling_graph"):
        body = client.get(en(name, cited_three_times.cited)).content.decode()
        assert "citation-unverified" in body
        assert parse_errors(body) == []
