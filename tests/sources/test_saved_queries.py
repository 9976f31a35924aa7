"""Saved queries: an organisation's members see and edit only their organisation's (the
change list, guessed URLs, other organisations' ids in a form, autocomplete); curators see all
and keep queries of their own. The default Judilibre scope searches the active saved queries
and the numbers of public tracked rulings, never a draft's (sources/scope.py)."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.models import Ruling
from interchange.models import SourceRecord
from organisations.models import Membership, Organisation
from sources.models import SavedQuery
from tests import factories
from tests.formdata import posted_data
from tests.sources.conftest import FIXTURES

pytestmark = pytest.mark.django_db

JUDILIBRE = FIXTURES / "judilibre"
CHANGELIST = "admin:sources_savedquery_changelist"


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setenv("JUDILIBRE_MIN_INTERVAL", "0")
    monkeypatch.setenv("SOURCES_BACKOFF_SECONDS", "0")


@pytest.fixture
def organisations():
    return (
        Organisation.objects.create(name="Association A", slug="association-a"),
        Organisation.objects.create(name="Syndicat B", slug="syndicat-b"),
    )


@pytest.fixture
def editor(client, organisations):
    user = factories.UserFactory(is_staff=True)
    Membership.objects.create(user=user, organisation=organisations[0], role=Membership.Role.EDITOR)
    client.force_login(user)
    return client


@pytest.fixture
def queries(organisations):
    a, b = organisations
    return {
        "a": SavedQuery.objects.create(query="reconnaissance faciale", organisation=a),
        "b": SavedQuery.objects.create(query="licenciement économique secret", organisation=b),
        "curators": SavedQuery.objects.create(query="données de connexion curateurs"),
    }


def test_an_editor_lists_only_their_organisations_queries(editor, queries):
    page = editor.get(reverse(CHANGELIST), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "reconnaissance faciale" in text
    assert "licenciement économique secret" not in text
    assert "données de connexion curateurs" not in text
    searched = editor.get(reverse(CHANGELIST), {"q": "secret"}).content.decode()
    assert "licenciement" not in searched


@pytest.mark.parametrize("other", ["b", "curators"])
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_guessed_urls_of_other_queries_show_nothing(editor, queries, other, view):
    url = reverse(f"admin:sources_savedquery_{view}", args=[queries[other].pk])
    response = editor.get(url, follow=True)
    assert queries[other].query not in response.content.decode()
    response = editor.post(url, {"post": "yes", "query": "pris", "source": "judilibre"})
    assert response.status_code in (302, 403, 404)
    queries[other].refresh_from_db()
    assert queries[other].query != "pris"
    assert SavedQuery.objects.filter(pk=queries[other].pk).exists()


def test_an_editor_adds_a_query_for_their_organisation_only(editor, organisations, queries):
    a, b = organisations
    page = editor.get(reverse("admin:sources_savedquery_add"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Syndicat B" not in page.content.decode()
    data = posted_data(page)
    data.update(query="vidéosurveillance algorithmique", organisation=str(b.pk))
    refused = editor.post(reverse("admin:sources_savedquery_add"), data)
    assert refused.status_code == 200
    assert not SavedQuery.objects.filter(query="vidéosurveillance algorithmique").exists()
    data["organisation"] = ""
    assert editor.post(reverse("admin:sources_savedquery_add"), data).status_code == 200
    assert not SavedQuery.objects.filter(query="vidéosurveillance algorithmique").exists()
    data.update(organisation=str(a.pk), jurisdictions=["cc", "ca"], locations="ca_paris, tj33063")
    done = editor.post(reverse("admin:sources_savedquery_add"), data)
    assert done.status_code == 302
    saved = SavedQuery.objects.get(query="vidéosurveillance algorithmique")
    assert (saved.organisation, saved.jurisdictions, saved.locations) == (
        a,
        ["cc", "ca"],
        ["ca_paris", "tj33063"],
    )


def test_an_editor_cannot_move_their_query_to_another_organisation(editor, organisations, queries):
    url = reverse("admin:sources_savedquery_change", args=[queries["a"].pk])
    data = posted_data(editor.get(url))
    data["organisation"] = str(organisations[1].pk)
    assert editor.post(url, data).status_code == 200
    queries["a"].refresh_from_db()
    assert queries["a"].organisation == organisations[0]


def test_bad_seat_codes_are_a_form_error(editor, organisations):
    page = editor.get(reverse("admin:sources_savedquery_add"))
    data = posted_data(page)
    data.update(query="x", organisation=str(organisations[0].pk), locations="ca paris; DROP")
    response = editor.post(reverse("admin:sources_savedquery_add"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Not a seat code" in response.content.decode()
    assert not SavedQuery.objects.exists()


def test_autocomplete_does_not_list_other_organisations(editor, organisations):
    response = editor.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "sources",
            "model_name": "savedquery",
            "field_name": "organisation",
            "term": "",
        },
    )
    assert "Syndicat B" not in response.content.decode()


def test_staff_of_no_organisation_sees_no_query(client, queries):
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_a_curator_sees_all_and_keeps_queries_of_their_own(client, queries):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    text = client.get(reverse(CHANGELIST)).content.decode()
    for query in queries.values():
        assert query.query in text
    data = posted_data(client.get(reverse("admin:sources_savedquery_add")))
    data.update(query="CJUE Schrems", organisation="")
    assert client.post(reverse("admin:sources_savedquery_add"), data).status_code == 302
    assert SavedQuery.objects.get(query="CJUE Schrems").organisation is None


# The default scope of a Judilibre sync.


def sync_judilibre(httpserver, *args):
    out = io.StringIO()
    try:
        call_command(
            "sync_sources", "judilibre", "--from", httpserver.url_for("/"), *args, stdout=out
        )
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


def decision_body(name="cc_sample_detail_unresolved.json"):
    return json.loads((JUDILIBRE / name).read_text())


def searched(httpserver):
    return [
        request.args.to_dict(flat=False)
        for request, _response in httpserver.log
        if request.path == "/search"
    ]


def test_default_scope_runs_the_active_saved_queries(httpserver, organisations):
    SavedQuery.objects.create(
        query="vidéosurveillance",
        operator="and",
        jurisdictions=["cc", "ca"],
        locations=["ca_paris"],
        organisation=organisations[0],
    )
    SavedQuery.objects.create(query="inactive", active=False)
    body = decision_body()
    httpserver.expect_request("/search").respond_with_json(
        {"page": 0, "results": [{"id": body["id"]}, {"id": body["id"]}], "next_page": None}
    )
    httpserver.expect_request("/decision", query_string={"id": body["id"]}).respond_with_json(body)
    # With --since the transactional history is read too (nothing changed here).
    httpserver.expect_request("/transactionalhistory").respond_with_json(
        {"transactions": [], "page_size": 500, "total": 0}
    )
    out, code = sync_judilibre(httpserver, "--since", "2020-01-01")
    assert code == 0, out
    assert "1 fetched, 1 created" in out
    [params] = searched(httpserver)
    assert params["query"] == ["vidéosurveillance"]
    assert params["operator"] == ["and"]
    assert params["jurisdiction"] == ["cc", "ca"]
    assert params["location"] == ["ca_paris"]
    assert params["date_start"] == ["2020-01-01"]
    assert (params["sort"], params["order"], params["page_size"]) == (["date"], ["asc"], ["50"])
    assert Ruling.objects.filter(ecli=body["ecli"]).exists()


def test_default_scope_searches_public_tracked_rulings_numbers_never_a_drafts(httpserver):
    court = factories.CourtFactory(slug="cass", country="FR", ecli_code="CCASS")
    public = factories.ProceedingFactory(court=court)
    draft = factories.ProceedingFactory(court=court, case=factories.CaseFactory(draft=True))
    for proceeding, number in ((public, "19-60.222"), (draft, "21-99.999")):
        ruling = factories.RulingFactory(proceeding=proceeding, ecli=None)
        factories.RulingNumberFactory(ruling=ruling, number=number)
    only_digits = factories.RulingFactory(proceeding=public, ecli=None)
    factories.RulingNumberFactory(ruling=only_digits, number="450163")
    httpserver.expect_request("/search").respond_with_json({"page": 0, "results": []})
    out, code = sync_judilibre(httpserver)
    assert code == 0, out
    queries = [params["query"] for params in searched(httpserver)]
    assert queries == [["19-60.222"]]
    assert searched(httpserver)[0]["operator"] == ["exact"]
    logged = " ".join(str(request.url) for request, _response in httpserver.log)
    assert "21-99.999" not in logged


def test_default_scope_searches_what_a_tracked_judilibre_ruling_cites(httpserver):
    court = factories.CourtFactory(slug="cass", country="FR", ecli_code="CCASS")
    ruling = factories.RulingFactory(proceeding=factories.ProceedingFactory(court=court), ecli=None)
    body = decision_body()
    SourceRecord.objects.create(record=ruling, source="judilibre", source_id=body["id"])
    cited_number = body["rapprochements"][0]["number"]
    httpserver.expect_request("/decision", query_string={"id": body["id"]}).respond_with_json(body)
    other = decision_body("tcom_sample_detail_unresolved.json")
    httpserver.expect_request("/search").respond_with_json(
        {
            "page": 0,
            # The search finds the cited decision and one merely quoting its number.
            "results": [
                {"id": "cited-1", "number": cited_number},
                {"id": other["id"], "number": "00-00.000"},
            ],
        }
    )
    httpserver.expect_request("/decision", query_string={"id": "cited-1"}).respond_with_json(
        {**other, "id": "cited-1", "ecli": "", "number": cited_number, "numbers": [cited_number]}
    )
    out, code = sync_judilibre(httpserver)
    assert code == 0, out
    assert "1 fetched" in out
    [params] = searched(httpserver)
    assert params["query"] == [cited_number]
    fetched = [r.args.get("id") for r, _ in httpserver.log if r.path == "/decision"]
    assert fetched == [body["id"], "cited-1"]
