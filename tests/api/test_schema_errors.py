"""What the schemathesis run found, kept as fast regression tests (both databases)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_an_offset_postgresql_refuses_is_a_400_not_a_500(client, demo):
    response = client.get("/api/v1/cases/", {"updated_since": "0485-12-05T11:16:05+17:18"})
    assert response.status_code == 200  # converted to UTC: a valid instant
    response = client.get("/api/v1/cases/", {"updated_since": "0001-01-01T00:10:00+17:18"})
    assert response.status_code == 400
    assert response.json()["detail"]["updated_since"]


def test_every_operation_documents_its_error_answers(schema):
    for path, methods in schema["paths"].items():
        responses = methods["get"]["responses"]
        assert {"200", "404", "429"} <= set(responses), path
        if "{" not in path or path.endswith("/ecli/{ecli}/"):
            assert "400" in responses, path
        assert responses["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


def test_hearing_times_are_wall_clock_strings_not_rfc3339_times(schema, client, demo):
    properties = schema["components"]["schemas"]["Hearing"]["properties"]
    assert "format" not in properties["start_time"]
    assert properties["start_time"]["nullable"] is True
    hearing = client.get("/api/v1/hearings/").json()["results"][0]
    assert hearing["start_time"] is None or len(hearing["start_time"]) == 8


def test_optional_references_are_nullable_in_the_schema(schema):
    components = schema["components"]["schemas"]
    assert components["Proceeding"]["properties"]["parent"]["nullable"] is True
    assert components["Ruling"]["properties"]["opinion_for"]["nullable"] is True
    assert components["Citation"]["properties"]["citing_ruling"]["nullable"] is True
    assert components["Citation"]["properties"]["citing_filing"]["nullable"] is True
