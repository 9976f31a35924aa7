"""The follow form's per-address limit counts one mailbox once, however its address is
written: quoted or not, in any case, Unicode or punycode domain."""

import pytest
from django.urls import reverse
from django.utils import translation

from alerts.models import Subscriber
from alerts.services import email_key, normalise_email
from tests import factories

# One mailbox, written as an adversary would to get past a per-address count.
SPELLINGS = [
    "victim@bücher.example",
    '"victim"@bücher.example',
    '"vic\\tim"@bücher.example',  # a quoted pair: \t is "t"
    '"vic\\\ttim"@bücher.example',  # an escaped tab, which is no letter
    "VICTIM@BÜCHER.EXAMPLE",
    "Victim@xn--bcher-kva.example",
    "  victim@XN--BCHER-KVA.example\t",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_a_mailbox_has_one_key(spelling):
    assert email_key(spelling) == "victim@xn--bcher-kva.example"


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ('"victim"@Example.ORG', "victim@example.org"),
        ('"vic\\tim"@example.org', "victim@example.org"),
        ("Victim@bücher.example", "Victim@xn--bcher-kva.example"),
        ('"a@b"@example.org', '"a@b"@example.org'),  # needs its quotes to stay one address
        ('"a\\"b"@example.org', '"a\\"b"@example.org'),
        ('"a..b"@example.org', '"a..b"@example.org'),
    ],
)
def test_addresses_are_stored_in_one_deliverable_form(written, stored):
    assert normalise_email(written) == stored


def test_distinct_mailboxes_keep_distinct_keys():
    assert email_key("victim@example.org") != email_key("victim2@example.org")
    assert email_key("victim@example.org") != email_key("victim@example.net")
    assert email_key('"a@b"@example.org') != email_key("b@example.org")


@pytest.mark.django_db
def test_the_per_address_limit_counts_every_spelling_of_one_mailbox(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ALERTS_RATE_PER_ADDRESS = 2
    settings.ALERTS_RATE_PER_CLIENT = 100
    case = factories.CaseFactory()
    with translation.override("fr"):
        url = reverse("alerts:follow", kwargs={"slug": case.slug})
    answers = []
    for number, spelling in enumerate(SPELLINGS):
        with django_capture_on_commit_callbacks(execute=True):
            # From as many clients as spellings: only the address is the same.
            response = client.post(url, {"email": spelling}, REMOTE_ADDR=f"203.0.113.{number}")
        assert response.status_code == 200, spelling
        answers.append(response.content)

    assert len(set(answers)) == 1  # the same answer, over the limit or not
    assert len(mailoutbox) == 2
    assert [message.to for message in mailoutbox] == [["victim@xn--bcher-kva.example"]] * 2
    assert Subscriber.objects.count() == 1
