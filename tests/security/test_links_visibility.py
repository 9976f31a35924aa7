"""Every link between records obeys the visibility of both ends: a public
record names and links another only when that one is public too. Each test builds what an
adversary would look for (a public opinion before a draft judgment, a public ruling citing a
draft one, an event of a public and a draft case) and reads every output that shows the link."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases import services
from cases.models import Event, Ruling
from citations.services import citation_create
from tests import shared
from tests.factories import build_world

SECRET = "JUGEMENTBROUILLON"


@pytest.fixture(autouse=True)
def _plain(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.PUBLIC_DATA_DIR = tmp_path / "public-data"


def build():
    world = build_world()
    draft = world.b.ruling  # in B's draft case
    draft.short_name = SECRET
    draft.kind = Ruling.Kind.JUDGMENT
    services.ruling_save(ruling=draft)
    services.case_set_publication(cases=[world.a.case], publication="published")
    return world


world_once = shared.module_fixture(build, name="world_once")


@pytest.fixture
def world(world_once, request):
    return shared.fresh(world_once, request, build)


def read(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def outputs_about(ruling: Ruling) -> dict[str, str]:
    """Every public output showing `ruling` and its links."""
    client = Client()
    answers = {}
    for lang in ("fr", "en"):
        with translation.override(lang):
            answers[f"{lang}:page"] = read(client, ruling.get_absolute_url())
            answers[f"{lang}:list"] = read(client, reverse("ruling_list"))
            answers[f"{lang}:graph"] = read(
                client, reverse("ruling_graph_json", kwargs={"slug": ruling.slug})
            )
            answers[f"{lang}:graph.json"] = read(client, reverse("graph_json"))
            answers[f"{lang}:graph.graphml"] = read(client, reverse("graph_graphml"))
            answers[f"{lang}:data"] = read(client, reverse("data_download"))
            answers[f"{lang}:feed"] = read(client, reverse("feed_rulings"))
    answers["api:ruling"] = read(client, f"/api/v1/rulings/{ruling.slug}/")
    answers["api:rulings"] = read(client, "/api/v1/rulings/")
    answers["api:citations"] = read(client, "/api/v1/citations/")
    answers["api:events"] = read(client, "/api/v1/events/")
    return answers


def assert_hidden(world, answers: dict[str, str]):
    draft = world.b.ruling
    for name, body in answers.items():
        assert SECRET not in body, name
        assert draft.slug not in body, name
        assert str(draft.uid) not in body, name


def test_a_public_opinion_does_not_name_its_draft_judgment(world):
    opinion = Ruling.objects.create(
        court=world.court,
        proceeding=world.a.proceeding,
        kind=Ruling.Kind.OPINION,
        decided_on=dt.date(2021, 1, 5),
        slug="ce-opinion-a",
        opinion_for=world.b.ruling,
    )
    answers = outputs_about(opinion)
    assert_hidden(world, answers)
    assert json.loads(answers["api:ruling"])["opinion_for"] is None
    # Once the judgment's case is published, the link shows.
    services.case_set_publication(cases=[world.b.case], publication="published")
    assert json.loads(read(Client(), f"/api/v1/rulings/{opinion.slug}/"))["opinion_for"] == (
        world.b.ruling.slug
    )
    with translation.override("fr"):
        assert world.b.ruling.get_absolute_url() in read(Client(), opinion.get_absolute_url())


def test_a_public_reference_opinion_does_not_name_its_draft_judgment(world):
    opinion = Ruling.objects.create(
        court=world.court,
        kind=Ruling.Kind.OPINION,
        decided_on=dt.date(2021, 1, 5),
        slug="ce-opinion-ref",
        reference=True,
        opinion_for=world.b.ruling,
    )
    assert_hidden(world, outputs_about(opinion))


def test_a_public_judgment_does_not_name_its_draft_opinion(world):
    Ruling.objects.create(
        court=world.court,
        proceeding=world.b.proceeding,
        kind=Ruling.Kind.OPINION,
        decided_on=dt.date(2021, 1, 5),
        slug="ce-opinion-brouillon",
        short_name=SECRET,
        opinion_for=world.a.ruling,
    )
    answers = outputs_about(world.a.ruling)
    for name, body in answers.items():
        assert SECRET not in body, name
        assert "ce-opinion-brouillon" not in body, name


def test_a_public_ruling_citing_a_draft_ruling_does_not_show_it(world):
    citation_create(citing=world.a.ruling, cited=world.b.ruling)
    assert_hidden(world, outputs_about(world.a.ruling))
    with translation.override("fr"):
        assert SECRET not in read(Client(), world.a.case.get_absolute_url())


def test_a_draft_ruling_citing_a_public_ruling_is_not_shown_as_citing(world):
    citation_create(citing=world.b.ruling, cited=world.a.ruling)
    assert_hidden(world, outputs_about(world.a.ruling))
    assert_hidden(world, outputs_about(world.reference_ruling))


def test_a_public_filing_citing_a_draft_ruling_does_not_show_it(world):
    citation_create(citing=world.a.filing, cited=world.b.ruling)
    assert_hidden(world, outputs_about(world.a.ruling))
    with translation.override("fr"):
        assert SECRET not in read(Client(), world.a.case.get_absolute_url())


def test_an_event_of_a_public_and_a_draft_case_names_only_the_public_one(world):
    event = Event.objects.create(occurred_on=dt.date(2021, 2, 2), title_fr="Fait partagé")
    event.cases.set([world.a.case, world.b.case])
    client = Client()
    body = read(client, "/api/v1/events/")
    assert "Fait partagé" in body
    assert world.b.case.slug not in body
    data = read(client, reverse("data_download"))
    assert str(world.b.case.uid) not in data
    with translation.override("fr"):
        assert world.b.case.slug not in read(client, world.a.case.get_absolute_url())


def test_a_reference_event_tied_to_a_draft_case_does_not_name_it(world):
    event = Event.objects.create(
        occurred_on=dt.date(2021, 2, 2), title_fr="Loi publique", reference=True
    )
    event.cases.set([world.b.case])
    client = Client()
    body = read(client, "/api/v1/events/")
    assert "Loi publique" in body
    assert world.b.case.slug not in body
    data = read(client, reverse("data_download"))
    assert "Loi publique" in data
    assert str(world.b.case.uid) not in data


def test_the_public_export_command_links_no_draft(world, tmp_path):
    Ruling.objects.create(
        court=world.court,
        proceeding=world.a.proceeding,
        kind=Ruling.Kind.OPINION,
        decided_on=dt.date(2021, 1, 5),
        slug="ce-opinion-a",
        opinion_for=world.b.ruling,
    )
    citation_create(citing=world.a.ruling, cited=world.b.ruling)
    target = tmp_path / "public.json"
    call_command("export_caselaw", str(target), "--public")
    text = target.read_text()
    assert SECRET not in text
    assert str(world.b.ruling.uid) not in text
    assert str(world.b.case.uid) not in text
