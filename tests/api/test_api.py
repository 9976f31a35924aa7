import pytest
from django.core.cache import cache
from django.test import override_settings

from cases import services
from cases.models import Court, Hearing
from tests.factories import (
    DRAFT_TITLE,
    PERSON_NAME,
    make_case,
    make_draft_world,
    make_hearing,
)

ENDPOINTS = [
    "cases",
    "filings",
    "hearings",
    "rulings",
    "citations",
    "courts",
    "parties",
    "events",
    "status-updates",
]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert not response.cookies, url
    return response.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_lists_and_details_public_records_without_cookie(client, demo, endpoint):
    page = get(client, f"/api/v1/{endpoint}/")
    assert page["results"], endpoint
    assert {"next", "previous", "results"} <= set(page)
    first = page["results"][0]
    key = first.get("slug") or first["uid"]
    assert get(client, f"/api/v1/{endpoint}/{key}/")["uid"] == first["uid"]


def test_cursor_pagination_walks_every_record_once(client, demo):
    seen, url = [], "/api/v1/parties/?page_size=5"
    while url:
        page = get(client, url)
        seen += [p["uid"] for p in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) > 5


def test_case_detail_has_proceedings_and_pseudonymised_parties(client, db):
    world = make_draft_world()
    case = get(client, f"/api/v1/cases/{world['public'].slug}/")
    [participant] = case["proceedings"][0]["parties"]
    assert participant == {
        "name": "A... B...",
        "party": None,
        "kind": "natural_person",
        "role": "applicant",
        "counsel": [],
    }


def test_drafts_and_natural_persons_never_appear_in_the_api(client, db):
    world = make_draft_world()
    for endpoint in ENDPOINTS:
        body = client.get(f"/api/v1/{endpoint}/").content.decode()
        assert DRAFT_TITLE not in body and PERSON_NAME not in body, endpoint
        assert str(world["draft_hearing"].uid) not in body
    get(client, f"/api/v1/cases/{world['draft'].slug}/", status=404)
    get(client, f"/api/v1/hearings/{world['draft_hearing'].uid}/", status=404)
    get(client, f"/api/v1/rulings/{world['draft_ruling'].slug}/", status=404)
    get(client, f"/api/v1/parties/{world['person'].slug}/", status=404)
    assert get(client, f"/api/v1/cases/?party={world['person'].slug}")["results"] == []


def test_case_timeline_lists_public_entries(client, demo):
    entries = get(client, "/api/v1/cases/doctolib-aws/timeline/")
    assert {e["type"] for e in entries} >= {"filing", "hearing", "ruling", "statusupdate"}


def test_ruling_lookup_by_ecli(client, demo):
    ruling = get(client, "/api/v1/rulings/ecli/ecli:eu:c:2020:559/")
    assert ruling["ecli"] == "ECLI:EU:C:2020:559"
    error = get(client, "/api/v1/rulings/ecli/ECLI:XX/", status=400)
    assert error["status"] == 400 and error["message"]
    assert get(client, "/api/v1/rulings/ecli/ECLI:EU:C:1999:1/", status=404)["status"] == 404


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/cases/?status=decided", {"doctolib-aws"}),
        ("/api/v1/cases/?court=ce", {"doctolib-aws"}),
        ("/api/v1/cases/?q=Doctolib", {"doctolib-aws"}),
        ("/api/v1/cases/?party=interhop", {"doctolib-aws"}),
        ("/api/v1/cases/?topic=nonexistent", set()),
    ],
)
def test_case_filters(client, demo, url, expected):
    slugs = {c["slug"] for c in get(client, url)["results"]}
    assert expected <= slugs if expected else slugs == set()
    if "court=ce" in url:
        assert "schrems-ii" not in slugs


def test_hearing_ruling_and_other_filters(client, demo):
    hearings = get(client, "/api/v1/hearings/?case=doctolib-aws")["results"]
    assert [h["date"] for h in hearings] == ["2021-03-08"]
    assert get(client, "/api/v1/hearings/?date_from=2021-01-01&date_to=2021-12-31")["results"]
    assert not get(client, "/api/v1/hearings/?status=cancelled")["results"]
    rulings = get(client, "/api/v1/rulings/?number=C-311/18")["results"]
    assert {r["ecli"] for r in rulings} >= {"ECLI:EU:C:2020:559"}
    assert get(client, "/api/v1/rulings/?court=cjue&kind=judgment")["results"]
    assert not get(client, "/api/v1/rulings/?decided_from=2030-01-01")["results"]
    assert get(client, "/api/v1/citations/?treatment=applies")["results"] is not None
    assert get(client, "/api/v1/filings/?case=doctolib-aws&kind=application")["results"]
    assert get(client, "/api/v1/status-updates/?case=doctolib-aws")["results"]
    assert get(client, "/api/v1/events/?kind=legislation")["results"]
    assert get(client, "/api/v1/parties/?kind=association")["results"]
    assert get(client, f"/api/v1/courts/?country={Court.objects.first().country}")["results"]


def test_bad_filter_values_give_json_400(client, demo):
    body = get(client, "/api/v1/hearings/?date_from=yesterday", status=400)
    assert body["status"] == 400 and "date_from" in body["detail"]
    assert get(client, "/api/v1/cases/?cursor=garbage", status=404)["message"]


def test_unknown_api_paths_answer_json_404(client, db):
    assert get(client, "/api/v1/nothing/here", status=404)["status"] == 404


@override_settings(API_ANON_RATE="3/minute")
def test_anonymous_clients_are_throttled_with_a_json_429(client, db):
    for _ in range(3):
        get(client, "/api/v1/courts/")
    response = client.get("/api/v1/courts/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429 and not response.cookies
    assert response["Retry-After"]
    body = response.json()
    assert body["status"] == 429 and "throttled" in body["message"]


def test_hearing_changes_are_listed(client, db):
    _case, proceeding = make_case()
    hearing = make_hearing(proceeding)
    services.hearing_set_status(hearing=hearing, status=Hearing.Status.CANCELLED)
    body = get(client, f"/api/v1/hearings/{hearing.uid}/")
    assert body["status"] == "cancelled" and body["sequence"] == 1
    assert [c["new_status"] for c in body["changes"]] == ["scheduled", "cancelled"]


def test_openapi_schema_and_docs_are_served_without_cdn_or_cookie(client, db):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200 and not response.cookies
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/rulings/ecli/{ecli}/" in schema["paths"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200 and not docs.cookies
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn." not in html and "unpkg" not in html


def test_case_list_query_count_is_constant(client, demo, django_assert_max_num_queries):
    """Guards the N+1 on each case's topics, proceedings, courts, participants and counsel,
    and on the pseudonym letters (computed from the prefetched participants)."""
    with django_assert_max_num_queries(5):
        client.get("/api/v1/cases/")
    with django_assert_max_num_queries(6):
        client.get("/api/v1/hearings/")
    with django_assert_max_num_queries(5):
        client.get("/api/v1/rulings/")
