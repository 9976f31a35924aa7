"""The citator: following a ruling by e-mail and being told of the new decisions citing it.

End to end through the SMTP server of the alerts' test (a new decision cites Schrems II and
the mail arrives with the citing passage and a link), then the adversarial cases: a draft
citing case, an unpublished ruling, an unverified citation without the opt-in, another
subscriber's token, the cookie rule of every new page.
"""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from alerts import citator, emails, tokens
from alerts.models import Delivery, Subscription
from cases.models import Case, Ruling
from citations import services as citation_services
from citations.models import Citation
from tests import factories
from tests.alerts.test_smtp import site_path, smtp_server, text_of  # noqa: F401 (fixture)
from tests.factories.alerts import SubscriberFactory
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db

SCHREMS_II = "cjue-2020-07-16-c-311-18"
UNVERIFIED = "unverified: found in the text by the software, not yet checked by an editor"


def url(name: str, language: str = "fr", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def send_alerts() -> None:
    call_command("send_alerts", verbosity=0)


def link(message, kind: str) -> str:
    match = re.search(rf"http://127\.0\.0\.1:8000(/\w\w/alerts/{kind}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def cited():
    """A reference ruling (case law outside any tracked case): Schrems II's stand-in."""
    return factories.RulingFactory(short_name="Schrems II", ecli="ECLI:EU:C:2020:559")


@pytest.fixture
def follow(client, django_capture_on_commit_callbacks):
    """Post the ruling's follow form as a browser would (every field rendered), edited."""

    def post(ruling, language="fr", email="avocate@example.org", **edits):
        page = client.get(url("alerts:follow_ruling", language, slug=ruling.slug))
        data = {**posted_data(page, form_id="follow_form"), "email": email, **edits}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url("alerts:follow_ruling", language, slug=ruling.slug), data)

    return post


def subscribe(ruling, *, email="avocate@example.org", digest=False, unverified=False):
    """A confirmed subscription to `ruling`, confirmed through the service (baseline noted)."""
    from alerts import services

    subscription = Subscription.objects.create(
        subscriber=SubscriberFactory(email=email),
        kind=Subscription.Kind.RULING,
        ruling=ruling,
        digest=digest,
    )
    return services.subscription_confirm(
        subscription=subscription, language="fr", digest=digest, unverified=unverified
    )


def citing_ruling(**kwargs) -> Ruling:
    """A new ruling of a published case."""
    proceeding = factories.ProceedingFactory(**kwargs.pop("proceeding", {}))
    return factories.RulingFactory(proceeding=proceeding, short_name="Meta Platforms", **kwargs)


# End to end ----------------------------------------------------------------------------------


def test_a_lawyer_following_schrems_ii_gets_the_new_decision_citing_it_by_smtp(
    client,
    demo,
    smtp_server,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    schrems = Ruling.objects.get(slug=SCHREMS_II)
    page = client.get(url("alerts:follow_ruling", slug=SCHREMS_II))
    data = {**posted_data(page, form_id="follow_form"), "email": "juliette@example.org"}
    data["immediate"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("alerts:follow_ruling", slug=SCHREMS_II), data)
    assert response.status_code == 200
    (confirmation,) = smtp_server.messages
    assert "Schrems II" in confirmation["Subject"]
    assert client.post(site_path(text_of(confirmation), "confirm")).status_code == 200
    # The demo's decisions citing Schrems II (Doctolib, Health Data Hub) were there before.
    send_alerts()
    assert len(smtp_server.messages) == 1

    # A new published decision cites Schrems II, with the passage the editor quoted.
    doctolib = Case.objects.get(slug="doctolib-aws")
    new = factories.RulingFactory(
        proceeding=doctolib.proceedings.first(),
        short_name="Doctolib II",
        decided_on=dt.date(2024, 5, 2),
    )
    citation_services.citation_create(
        citing=new,
        cited=schrems,
        treatment=Citation.Treatment.APPLIES,
        quote="les garanties exigées par l'arrêt Schrems II ne sont pas réunies",
        verified=True,
    )
    send_alerts()
    send_alerts()  # a second cron run sends nothing more

    assert len(smtp_server.messages) == 2
    alert = smtp_server.messages[1]
    assert alert["To"] == "juliette@example.org"
    with translation.override("fr"):
        expected = emails.citator_subject(
            emails.CitatorSection(kind="ruling", title="", url="", unsubscribe_url="", items=[1])
        )
    assert "Schrems II" in alert["Subject"]
    assert " ".join(alert["Subject"].split()).endswith(expected.strip())
    body = text_of(alert)
    assert "Doctolib II" in body
    assert "les garanties exigées par l'arrêt Schrems II ne sont pas réunies" in body
    assert f"http://127.0.0.1:8000/fr/rulings/{new.slug}/" in body
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = (
        alert["List-Unsubscribe"].strip().strip("<>").removeprefix("http://127.0.0.1:8000")
    )
    assert client.post(unsubscribe).status_code == 200
    assert not Subscription.objects.exists()


# What triggers, what does not ---------------------------------------------------------------


def test_citations_visible_at_confirmation_are_never_sent(cited, mailoutbox):
    factories.CitationFactory(citing_ruling=citing_ruling(), cited=cited, verified=True)
    subscribe(cited)
    send_alerts()
    assert mailoutbox == []
    assert Delivery.objects.get().status == Delivery.Status.KNOWN


def test_a_citation_from_a_draft_case_is_sent_only_once_the_case_is_published(cited, mailoutbox):
    subscribe(cited)
    ruling = citing_ruling(proceeding={"case": factories.CaseFactory(draft=True)})
    factories.CitationFactory(citing_ruling=ruling, cited=cited, verified=True)
    send_alerts()
    assert mailoutbox == [] and not Delivery.objects.exists()

    Case.objects.filter(pk=ruling.proceeding.case_id).update(publication="published")
    send_alerts()
    send_alerts()
    (mail,) = mailoutbox
    assert ruling.slug in mail.body


def test_a_citation_from_a_ruling_outside_any_public_case_is_not_sent(cited, mailoutbox):
    subscribe(cited)
    detached = factories.RulingFactory(reference=False)  # not reference, in no case: unpublished
    factories.CitationFactory(citing_ruling=detached, cited=cited, verified=True)
    send_alerts()
    assert mailoutbox == []


def test_a_pending_alert_whose_case_is_unpublished_before_sending_is_skipped(
    cited, mailoutbox, settings
):
    settings.ALERTS_GROUP_SECONDS = 3600  # still gathering at the first run
    subscribe(cited)
    ruling = citing_ruling()
    factories.CitationFactory(citing_ruling=ruling, cited=cited, verified=True)
    send_alerts()
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    Case.objects.filter(pk=ruling.proceeding.case_id).update(publication="draft")
    send_alerts()
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED
    assert mailoutbox == []


def test_an_unverified_citation_is_not_sent_without_the_opt_in_until_verified(cited, mailoutbox):
    subscribe(cited)
    ruling = citing_ruling()
    citation = factories.CitationFactory(
        citing_ruling=ruling, cited=cited, verified=False, origin="extracted"
    )
    send_alerts()
    assert mailoutbox == []
    citation_services.citations_verify(citations=[citation])
    send_alerts()
    (mail,) = mailoutbox
    with translation.override("fr"):
        assert translation.gettext(UNVERIFIED) not in mail.body


def test_an_unverified_citation_is_sent_labelled_to_who_asked(cited, mailoutbox):
    subscribe(cited, unverified=True)
    ruling = citing_ruling()
    ruling.full_text = (
        "Vu l'arrêt de la Cour de justice du 16 juillet 2020, ECLI:EU:C:2020:559, relatif aux "
        "transferts de données vers les États-Unis ; considérant que…"
    )
    ruling.save()
    report = citation_services.citations_extract_from_text(citing=ruling)
    assert len(report.created) == 1 and not report.created[0].verified
    send_alerts()
    (mail,) = mailoutbox
    with translation.override("fr"):
        label = translation.gettext(UNVERIFIED)
    assert label in mail.body
    # The passage is the citing text around the citation, found by the extractor.
    assert "ECLI:EU:C:2020:559, relatif aux transferts" in mail.body
    # Verified later, it is not sent again.
    citation_services.citations_verify(citations=report.created)
    send_alerts()
    assert len(mailoutbox) == 1


def test_the_passage_names_a_natural_person_by_their_pseudonym(cited, mailoutbox):
    subscribe(cited)
    ruling = citing_ruling()
    person = factories.PartyFactory(natural_person=True, name="Maximilian Dupré")
    factories.ProceedingPartyFactory(proceeding=ruling.proceeding, party=person)
    factories.CitationFactory(
        citing_ruling=ruling,
        cited=cited,
        verified=True,
        quote="M. Maximilian Dupré invoque l'arrêt ; Dupré soutient que…",
    )
    send_alerts()
    (mail,) = mailoutbox
    assert "Dupré" not in mail.body and "Maximilian" not in mail.body
    assert "A... B..." in mail.body


def test_a_citing_filing_links_to_its_case(cited, mailoutbox):
    subscribe(cited)
    filing = factories.FilingFactory()
    factories.CitationFactory(citing_ruling=None, citing_filing=filing, cited=cited, verified=True)
    send_alerts()
    (mail,) = mailoutbox
    assert f"/fr/cases/{filing.proceeding.case.slug}/" in mail.body


def test_the_daily_digest_is_the_default_and_goes_out_once_after_the_digest_hour(
    cited, follow, client, mailoutbox, settings
):
    follow(cited, email="avocate@example.org")
    confirm = link(mailoutbox[0], "confirm")
    assert client.post(confirm).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.digest and not subscription.include_unverified
    ruling = citing_ruling()
    factories.CitationFactory(citing_ruling=ruling, cited=cited, verified=True)
    send_alerts()
    assert len(mailoutbox) == 1  # before the digest hour's cutoff: nothing yet
    Delivery.objects.update(created_at=timezone.now() - dt.timedelta(days=1))
    send_alerts()
    send_alerts()
    assert len(mailoutbox) == 2
    digest = mailoutbox[1]
    assert "Schrems II" in digest.body and ruling.slug in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_failed_mail_is_retried_with_back_off_then_sent_once(cited, mailoutbox, monkeypatch):
    subscribe(cited)
    factories.CitationFactory(citing_ruling=citing_ruling(), cited=cited, verified=True)
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def fail(self, messages):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", fail)
    send_alerts()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    monkeypatch.setattr(EmailBackend, "send_messages", real)
    Delivery.objects.update(next_attempt_at=timezone.now())
    send_alerts()
    send_alerts()
    assert len(mailoutbox) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT


# The pages -----------------------------------------------------------------------------------


def test_an_unpublished_ruling_cannot_be_followed(client):
    ruling = factories.RulingFactory(
        proceeding=factories.ProceedingFactory(case=factories.CaseFactory(draft=True))
    )
    assert client.get(url("alerts:follow_ruling", slug=ruling.slug)).status_code == 404
    response = client.post(
        url("alerts:follow_ruling", slug=ruling.slug), {"email": "a@example.org"}
    )
    assert response.status_code == 404
    assert not Subscription.objects.exists()


def test_a_confirmation_for_a_ruling_unpublished_since_is_a_404(cited, follow, client, mailoutbox):
    ruling = citing_ruling()
    follow(ruling)
    Case.objects.filter(pk=ruling.proceeding.case_id).update(publication="draft")
    assert client.post(link(mailoutbox[0], "confirm")).status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_the_follow_form_takes_the_choices_and_a_bad_address_is_a_form_error(
    cited, follow, client, mailoutbox
):
    response = follow(cited, email="not an address")
    assert response.status_code == 400 and mailoutbox == []
    follow(cited, email="avocate@example.org", immediate="1", unverified="1")
    assert client.post(link(mailoutbox[0], "confirm")).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.kind == "ruling" and subscription.ruling == cited
    assert not subscription.digest and subscription.include_unverified


def test_the_follow_form_is_rate_limited_per_client(cited, follow, settings, mailoutbox):
    settings.ALERTS_RATE_PER_CLIENT = 2
    assert follow(cited, email="a@example.org").status_code == 200
    assert follow(cited, email="b@example.org").status_code == 200
    assert follow(cited, email="c@example.org").status_code == 429
    assert len(mailoutbox) == 2


def test_another_subscribers_token_cannot_end_a_subscription(cited, client):
    mine = subscribe(cited, email="me@example.org")
    theirs = subscribe(factories.RulingFactory(), email="them@example.org")
    page = url("alerts:manage", token=tokens.manage_token(mine.subscriber))
    response = client.post(page, {"subscription": str(theirs.uid)})
    assert response.status_code == 400
    assert Subscription.objects.filter(pk=theirs.pk).exists()
    forged = tokens.unsubscribe_token(mine)[:-2] + "xx"
    assert client.post(url("alerts:unsubscribe", token=forged)).status_code == 400
    assert Subscription.objects.count() == 2


def test_the_management_page_lists_a_followed_ruling(cited, client):
    subscription = subscribe(cited, unverified=True)
    page = client.get(
        url("alerts:manage", "en", token=tokens.manage_token(subscription.subscriber))
    )
    text = page.content.decode()
    assert "Schrems II" in text and "unverified citations included" in text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_public_pages_set_no_cookie_and_only_the_follow_page_sets_the_csrf_one(
    cited, client, language, follow, mailoutbox
):
    ruling_page = client.get(url("ruling_detail", language, slug=cited.slug))
    assert ruling_page.status_code == 200 and ruling_page.cookies == {}
    assert url("alerts:follow_ruling", language, slug=cited.slug) in ruling_page.content.decode()
    follow_page = client.get(url("alerts:follow_ruling", language, slug=cited.slug))
    assert set(follow_page.cookies) == {"csrftoken"}
    follow(cited, language=language)
    client.cookies.clear()
    confirm = link(mailoutbox[0], "confirm")
    for response in (client.get(confirm), client.post(confirm)):
        assert response.status_code == 200 and response.cookies == {}
    subscription = Subscription.objects.get()
    unsubscribe = url("alerts:unsubscribe", language, token=tokens.unsubscribe_token(subscription))
    response = client.get(unsubscribe)
    assert response.status_code == 200 and response.cookies == {}


def test_the_follow_page_answers_in_english_under_en(cited, client):
    page = client.get(url("alerts:follow_ruling", "en", slug=cited.slug))
    assert "Follow the decisions citing this ruling" in page.content.decode()


def test_note_known_is_idempotent(cited):
    factories.CitationFactory(citing_ruling=citing_ruling(), cited=cited, verified=True)
    subscription = subscribe(cited)
    assert citator.note_known(subscription) == 0
    assert Delivery.objects.count() == 1
