"""The API root lists its endpoints and links its documentation and schema."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_root_links_its_docs_and_schema(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and not response.cookies
    assert response["Content-Type"] == "application/json"
    root = response.json()
    assert root["docs"] == "http://testserver/api/v1/docs/"
    assert root["schema"] == "http://testserver/api/v1/schema/"
    assert root["cases"] == "http://testserver/api/v1/cases/"
    assert root["rulings"] == "http://testserver/api/v1/rulings/"


def test_every_link_of_the_api_root_answers(client):
    for name, url in client.get("/api/v1/").json().items():
        response = client.get(url)
        assert response.status_code == 200, name


def test_the_api_root_is_not_an_operation_of_the_schema(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    assert "/api/v1/" not in paths
