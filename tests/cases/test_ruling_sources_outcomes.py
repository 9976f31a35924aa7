"""Links to the full text (each ruling's and filing's official source, named by its site) and
outcomes in the language of each procedure (a preliminary ruling interprets, or declares an act
valid or invalid)."""

import datetime as dt
import html
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import official_sources
from cases.models import Filing, Proceeding, Ruling, outcomes_for
from tests.factories import cases as f
from tests.factories import make_curator
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SCHREMS_II_CURIA = "https://curia.europa.eu/juris/liste.jsf?num=C-311/18"


@pytest.mark.parametrize(
    ("url", "label"),
    [
        (SCHREMS_II_CURIA, "CURIA"),
        ("https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:62018CJ0311", "EUR-Lex"),
        ("https://www.legifrance.gouv.fr/ceta/id/CETATEXT000043261301", "Légifrance"),
        ("https://www.conseil-etat.fr/fr/arianeweb/CE/decision/2021-03-12/450163", None),
        ("https://opendata.justice-administrative.fr/x", None),
        ("https://www.example.org/a/b", "example.org"),
        ("not a url", ""),
        ("", ""),
    ],
)
def test_a_source_is_named_by_its_site(url, label, english):
    named = official_sources.source_label(url)
    if label is None:
        assert named and "." not in named  # a known site's name, not its host
    else:
        assert named == label


def test_the_ruling_page_links_its_official_source_by_name(client, demo):
    body = client.get("/en/rulings/cjue-2020-07-16-c-311-18/", **EN).content.decode()
    assert f'href="{SCHREMS_II_CURIA}"' in body
    assert "Read on CURIA" in body
    assert "Act declared invalid" in body


def test_the_case_timeline_links_each_rulings_and_filings_source(client, demo):
    filing = Filing.objects.filter(proceeding__case__slug="doctolib-aws").first()
    filing.source_url = "https://www.conseil-etat.fr/actualites/doctolib"
    filing.save()
    body = client.get("/en/cases/schrems-ii/", **EN).content.decode()
    assert body.count("Read on CURIA") == 1 and "Read on EUR-Lex" in body
    doctolib = html.unescape(client.get("/en/cases/doctolib-aws/", **EN).content.decode())
    assert "Read on the Conseil d'État's website" in doctolib


def test_the_demo_rulings_have_their_outcomes_and_sources(demo):
    for ecli in ("ECLI:EU:C:2015:650", "ECLI:EU:C:2020:559"):
        ruling = Ruling.objects.get(ecli=ecli)
        assert ruling.outcome == Ruling.Outcome.ACT_INVALID
        assert ruling.source_url.startswith("https://curia.europa.eu/juris/liste.jsf?num=C-")
    # The Conseil d'État orders' addresses are not verified: left blank rather than guessed.
    orders = Ruling.objects.filter(ecli__in=DEMO_CE_ORDERS)
    assert set(orders.values_list("source_url", flat=True)) == {""}
    # The decisions read from JADE carry the Légifrance address the source gives.
    jade = Ruling.objects.get(ecli="ECLI:FR:CECHR:2026:508339.20260722")
    assert jade.source_url == "https://www.legifrance.gouv.fr/ceta/id/CETATEXT000054468101"


DEMO_CE_ORDERS = ("ECLI:FR:CEORD:2020:444937.20201013", "ECLI:FR:CEORD:2021:450163.20210312")


def test_the_api_and_the_rulings_filter_speak_the_new_outcomes(client, demo):
    found = client.get("/api/v1/rulings/", {"outcome": "act_invalid"}).json()["results"]
    assert {r["short_name"] for r in found} == {"Schrems I", "Schrems II"}
    assert {r["source_url"] for r in found} >= {SCHREMS_II_CURIA}
    page = client.get("/en/rulings/", {"outcome": "act_invalid"}, **EN)
    assert page.status_code == 200
    assert {r.short_name for r in page.context["page"]} == {"Schrems I", "Schrems II"}
    assert '<optgroup label="Preliminary ruling (art. 267 TFEU)">' in page.content.decode()


def test_an_outcome_must_fit_the_procedure_and_kind():
    preliminary = Proceeding.Procedure.PRELIMINARY_REFERENCE
    assert Ruling.Outcome.ACT_INVALID in outcomes_for(procedure=preliminary, kind="judgment")
    assert Ruling.Outcome.GRANTED not in outcomes_for(procedure=preliminary, kind="judgment")
    assert Ruling.Outcome.ACT_INVALID not in outcomes_for(procedure="refere_liberte", kind="order")
    assert outcomes_for(procedure=preliminary, kind="opinion") == ()
    assert Ruling.Outcome.ACT_VALID in outcomes_for(procedure=None, kind="judgment")

    court = f.court(slug="cjue-test", country="LU", kind="eu")
    proceeding = f.proceeding(f.case("Renvoi"), court, procedure=preliminary)
    ruling = Ruling(
        court=court,
        proceeding=proceeding,
        kind=Ruling.Kind.JUDGMENT,
        decided_on=dt.date(2024, 1, 1),
        outcome=Ruling.Outcome.GRANTED,
    )
    with pytest.raises(ValidationError) as refused:
        ruling.full_clean()
    assert "outcome" in refused.value.message_dict
    ruling.outcome = Ruling.Outcome.INTERPRETATION
    ruling.full_clean(exclude=["slug"])


def test_the_admin_groups_outcomes_by_procedure_and_refuses_one_that_does_not_fit(
    client, demo, settings
):
    settings.SECURE_SSL_REDIRECT = False
    client.force_login(make_curator())
    ruling = Ruling.objects.get(ecli="ECLI:EU:C:2020:559")
    url = reverse("admin:cases_ruling_change", args=[ruling.pk])
    page = client.get(url, **EN)
    body = page.content.decode()
    assert '<optgroup label="Preliminary ruling (art. 267 TFEU)">' in body
    assert '<optgroup label="Other procedures">' in body
    data = posted_data(page)

    refused = client.post(url, {**data, "outcome": "granted"}, **EN)
    assert refused.status_code == 200
    assert "This outcome does not fit the procedure" in refused.content.decode()
    ruling.refresh_from_db()
    assert ruling.outcome == "act_invalid" and ruling.version == 1

    saved = client.post(url, {**data, "outcome": "interpretation"}, **EN)
    assert saved.status_code == 302
    ruling.refresh_from_db()
    assert ruling.outcome == "interpretation"


def test_the_data_migration_names_what_schrems_i_and_ii_did(demo):
    migration = importlib.import_module("cases.migrations.0016_ruling_outcomes_per_procedure")
    Ruling.objects.filter(ecli__in=migration.INVALIDATING).update(outcome="other")
    Ruling.objects.filter(court__slug="ce").update(outcome="other")
    migration.invalidating_judgments(apps, None)
    assert set(
        Ruling.objects.filter(ecli__in=migration.INVALIDATING).values_list("outcome", flat=True)
    ) == {"act_invalid"}
    assert set(Ruling.objects.filter(court__slug="ce").values_list("outcome", flat=True)) == {
        "other"
    }
