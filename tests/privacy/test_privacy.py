"""The privacy page /<lang>/privacy/."""

import pytest


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("fr", ["Aucun cookie", "Aucune mesure d'audience", "Aucune ressource tierce",
                "sans adresse IP", "A... B...", "Droit à l'effacement"]),
        ("en", ["No cookies", "No audience measurement", "No third-party resources",
                "without IP addresses", "A... B...", "Right to erasure"]),
    ],
)  # fmt: skip
def test_privacy_page_states_what_is_stored_and_what_is_not(client, language, phrases):
    response = client.get(f"/{language}/privacy/", secure=True)
    assert response.status_code == 200
    body = response.content.decode()
    for phrase in phrases:
        assert phrase in body
    assert response.cookies == {}


def test_privacy_page_names_the_erasure_contact_when_configured(client, settings):
    settings.PRIVACY_CONTACT = "privacy@association.example"
    body = client.get("/en/privacy/", secure=True).content.decode()
    assert 'href="mailto:privacy@association.example"' in body


@pytest.mark.django_db
def test_privacy_page_queries_nothing(client, django_assert_max_num_queries):
    """A static page: guards against a context processor or base template starting to query."""
    with django_assert_max_num_queries(0):
        assert client.get("/fr/privacy/", secure=True).status_code == 200
