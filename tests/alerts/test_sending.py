"""send_alerts: what goes out, to whom, in which language, grouped, as a digest, retried, and
what never goes out (drafts, unpublished cases, rolled-back changes, changes sent already)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from alerts import sending
from alerts.models import Delivery, Subscriber, Subscription
from cases import services
from cases.models import Case, CaseChange, Hearing
from tests import factories
from tests.alerts.conftest import send_alerts
from tests.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


def move(hearing, date=dt.date(2021, 3, 10), time=dt.time(14, 0)):
    return services.hearing_reschedule(hearing=hearing, date=date, start_time=time, reason="")


def set_status(case, status):
    case.status = status
    return services.case_save(case=case)


# Each kind of alert, in both languages ----------------------------------------------------


def new_hearing(hearing):
    services.hearing_save(
        hearing=Hearing(
            proceeding=hearing.proceeding, date=dt.date(2021, 4, 1), start_time=dt.time(9, 0)
        )
    )


def new_ruling(hearing):
    proceeding = hearing.proceeding
    ruling = factories.RulingFactory.build(
        proceeding=proceeding,
        court=proceeding.court,
        kind="order",
        decided_on=dt.date(2021, 3, 12),
        ecli="ECLI:FR:CEORD:2021:450163.20210312",
    )
    services.ruling_save(ruling=ruling)


KINDS = {
    "scheduled": (
        new_hearing,
        "Audience fixée au 1 avril 2021 à 9 h 00.",
        "Hearing scheduled for 1 April 2021 at 09:00.",
    ),
    "moved": (
        move,
        "Audience déplacée : prévue le 8 mars 2021 à 10 h 30, elle aura lieu le 10 mars 2021 à "
        "14 h 00.",
        "Hearing moved: set for 8 March 2021 at 10:30, it will now take place on 10 March 2021 "
        "at 14:00.",
    ),
    "postponed": (
        lambda h: services.hearing_set_status(hearing=h, status=Hearing.Status.POSTPONED),
        "Audience du 8 mars 2021 à 10 h 30 reportée ; la nouvelle date n'est pas connue.",
        "Hearing of 8 March 2021 at 10:30 postponed; the new date is not known yet.",
    ),
    "cancelled": (
        lambda h: services.hearing_set_status(hearing=h, status=Hearing.Status.CANCELLED),
        "Audience du 8 mars 2021 à 10 h 30 annulée.",
        "Hearing of 8 March 2021 at 10:30 cancelled.",
    ),
    "held": (
        lambda h: services.hearing_set_status(hearing=h, status=Hearing.Status.HELD),
        "Audience du 8 mars 2021 à 10 h 30 tenue.",
        "Hearing of 8 March 2021 at 10:30 held.",
    ),
    "ruling": (
        new_ruling,
        "Nouvelle décision : ordonnance CE, 12 mars 2021.",
        "New ruling: order CE, 12 March 2021.",
    ),
    "status": (
        lambda h: set_status(h.proceeding.case, Case.Status.DECIDED),
        "Statut de l'affaire : requête déposée → décision rendue.",
        "Case status: filed → decided.",
    ),
}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_change_is_told_in_the_subscribers_language(
    hearing, mailoutbox, kind, language
):
    change, french, english = KINDS[kind]
    SubscriptionFactory(case=hearing.proceeding.case, language=language)

    change(hearing)
    send_alerts()

    (message,) = mailoutbox
    expected = french if language == "fr" else english
    assert expected in message.body
    html = message.alternatives[0].content
    assert expected.replace("'", "&#x27;") in html
    title = "Doctolib / AWS" if language == "fr" else "Doctolib / AWS (EN)"
    assert message.subject.startswith(title)
    assert f"/{language}/cases/{hearing.proceeding.case.slug}/" in message.body


def test_an_alert_carries_a_one_click_unsubscribe_header_and_links(follower, hearing, mailoutbox):
    move(hearing)
    send_alerts()

    (message,) = mailoutbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://127.0.0.1:8000/fr/alerts/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    assert "/fr/alerts/manage/" in message.body
    assert message.to == ["avocate@example.org"]


def test_alerts_have_no_tracking_pixel_or_tracked_link(follower, hearing, mailoutbox):
    move(hearing)
    send_alerts()

    html = mailoutbox[0].alternatives[0].content
    assert "<img" not in html
    for line in mailoutbox[0].body.split():
        if line.startswith("http"):
            assert line.startswith("http://127.0.0.1:8000/fr/")
            assert "utm_" not in line


# Grouping and digests ---------------------------------------------------------------------


def test_changes_made_within_the_grouping_window_go_out_in_one_mail(
    follower, hearing, mailoutbox, settings
):
    settings.ALERTS_GROUP_SECONDS = 300
    move(hearing)
    services.hearing_set_status(hearing=hearing, status=Hearing.Status.CANCELLED)
    now = timezone.now()

    sending.run(now=now + dt.timedelta(seconds=60))
    assert mailoutbox == []  # still gathering

    sending.run(now=now + dt.timedelta(seconds=301))
    (message,) = mailoutbox
    assert "Audience déplacée" in message.body
    assert "Audience du 10 mars 2021 à 14 h 00 annulée." in message.body
    assert message.subject == "Doctolib / AWS : 2 nouveautés"


def test_changes_of_two_cases_go_out_in_one_mail_per_case(follower, hearing, mailoutbox):
    other = factories.HearingFactory()
    SubscriptionFactory(case=other.proceeding.case, subscriber=follower.subscriber)
    move(hearing)
    move(other)
    send_alerts()

    assert len(mailoutbox) == 2
    assert {m.to[0] for m in mailoutbox} == {"avocate@example.org"}


def test_digest_subscribers_get_one_mail_a_day_with_the_changes_of_the_day_before(
    hearing, mailoutbox, settings
):
    settings.ALERTS_DIGEST_HOUR = 7
    follower = SubscriptionFactory(case=hearing.proceeding.case, digest=True)
    other = factories.HearingFactory()
    SubscriptionFactory(case=other.proceeding.case, subscriber=follower.subscriber, digest=True)
    move(hearing)
    move(other)
    made = timezone.localtime(CaseChange.objects.latest("pk").created_at)
    # Pretend the changes were made yesterday afternoon.
    yesterday = made.replace(hour=15) - dt.timedelta(days=1)
    CaseChange.objects.update(created_at=yesterday)
    Subscription.objects.update(confirmed_at=yesterday - dt.timedelta(hours=1))
    today = yesterday.replace(hour=0) + dt.timedelta(days=1)

    sending.run(now=today.replace(hour=6, minute=59))
    assert mailoutbox == []  # before the digest hour

    sending.run(now=today.replace(hour=7, minute=1))
    sending.run(now=today.replace(hour=7, minute=2))
    (message,) = mailoutbox
    assert message.subject == "casetracker : 2 nouveautés dans les affaires suivies"
    assert message.body.count("Audience déplacée") == 2
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_change_made_after_the_digest_hour_waits_for_the_next_digest(
    hearing, mailoutbox, settings
):
    settings.ALERTS_DIGEST_HOUR = 7
    SubscriptionFactory(case=hearing.proceeding.case, digest=True)
    move(hearing)
    made = timezone.localtime(CaseChange.objects.latest("pk").created_at)
    CaseChange.objects.update(created_at=made.replace(hour=8))
    Subscription.objects.update(confirmed_at=made.replace(hour=1))

    sending.run(now=made.replace(hour=9))
    assert mailoutbox == []
    sending.run(now=made.replace(hour=7, minute=5) + dt.timedelta(days=1))
    assert len(mailoutbox) == 1


# What is never sent -----------------------------------------------------------------------


def test_nothing_is_sent_about_a_draft_case(mailoutbox):
    hearing = factories.HearingFactory(proceeding__case__publication=Case.Publication.DRAFT)
    SubscriptionFactory(case=hearing.proceeding.case)
    move(hearing)
    send_alerts()

    assert mailoutbox == []
    assert not Delivery.objects.exists()


def test_unpublishing_a_case_stops_its_pending_alerts(follower, hearing, mailoutbox, settings):
    settings.ALERTS_GROUP_SECONDS = 300
    move(hearing)
    send_alerts()  # enqueued, still gathering
    assert Delivery.objects.get().status == Delivery.Status.PENDING

    case = Case.objects.get(pk=hearing.proceeding.case_id)
    services.case_set_publication(cases=[case], publication=Case.Publication.DRAFT)
    sending.run(now=timezone.now() + dt.timedelta(hours=1))

    assert mailoutbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_changes_made_while_a_case_was_unpublished_are_never_sent(follower, hearing, mailoutbox):
    case = Case.objects.get(pk=hearing.proceeding.case_id)
    services.case_set_publication(cases=[case], publication=Case.Publication.REVIEW)
    move(hearing)
    services.case_set_publication(cases=[case], publication=Case.Publication.PUBLISHED)
    send_alerts()

    assert mailoutbox == []


def test_a_rolled_back_change_sends_nothing(follower, hearing, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        move(hearing)
        raise RuntimeError("rolled back")
    send_alerts()

    assert mailoutbox == []
    assert Hearing.objects.get(pk=hearing.pk).date == dt.date(2021, 3, 8)


def test_nothing_is_sent_before_confirmation(hearing, mailoutbox):
    SubscriptionFactory(case=hearing.proceeding.case, unconfirmed=True)
    move(hearing)
    send_alerts()

    assert mailoutbox == []


def test_changes_made_before_the_confirmation_are_not_sent(hearing, mailoutbox):
    move(hearing)
    SubscriptionFactory(case=hearing.proceeding.case)
    send_alerts()

    assert mailoutbox == []


def test_a_change_is_never_sent_twice(follower, hearing, mailoutbox):
    move(hearing)
    send_alerts()
    send_alerts()
    sending.run(now=timezone.now() + dt.timedelta(days=1))

    assert len(mailoutbox) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)


# Failures and retries ---------------------------------------------------------------------


class FlakyBackend:
    """A mail connection that fails `failures` times, then delivers into `sent`."""

    def __init__(self, failures: int):
        self.failures = failures
        self.sent = []

    def send_messages(self, messages):
        if self.failures:
            self.failures -= 1
            raise ConnectionRefusedError(111, "Connection refused")
        self.sent.extend(messages)
        return len(messages)


def test_a_failed_mail_is_retried_with_exponential_back_off(follower, hearing, settings):
    settings.ALERTS_RETRY_SECONDS = 60
    move(hearing)
    backend = FlakyBackend(failures=2)
    now = timezone.now()

    sending.run(now=now, connection=backend)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert delivery.next_attempt_at == now + dt.timedelta(seconds=60)
    assert "Connection refused" in delivery.last_error

    sending.run(now=now + dt.timedelta(seconds=30), connection=backend)  # too early
    assert backend.failures == 1

    sending.run(now=now + dt.timedelta(seconds=61), connection=backend)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at == now + dt.timedelta(seconds=61 + 120)

    sending.run(now=now + dt.timedelta(seconds=200), connection=backend)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 3)
    assert len(backend.sent) == 1


def test_the_command_survives_an_smtp_server_that_is_down_and_sends_later(
    follower, hearing, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    move(hearing)
    send_alerts()
    assert Delivery.objects.get().attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Delivery.objects.update(next_attempt_at=timezone.now())
    send_alerts()
    assert len(mailoutbox) == 1


def test_a_mail_that_keeps_failing_is_given_up_after_the_last_attempt(follower, hearing, settings):
    settings.ALERTS_MAX_ATTEMPTS = 2
    move(hearing)
    backend = FlakyBackend(failures=5)
    now = timezone.now()
    sending.run(now=now, connection=backend)
    sending.run(now=now + dt.timedelta(days=1), connection=backend)

    assert Delivery.objects.get().status == Delivery.Status.FAILED
    sending.run(now=now + dt.timedelta(days=2), connection=backend)
    assert backend.failures == 3


# Privacy ----------------------------------------------------------------------------------


def test_unconfirmed_addresses_are_erased_after_seven_days(hearing):
    old = SubscriptionFactory(case=hearing.proceeding.case, unconfirmed=True)
    recent = SubscriptionFactory(case=hearing.proceeding.case, unconfirmed=True)
    kept = SubscriptionFactory(case=hearing.proceeding.case)
    eight_days_ago = timezone.now() - dt.timedelta(days=8)
    Subscription.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=eight_days_ago)
    Subscriber.objects.filter(pk__in=[old.subscriber_id, kept.subscriber_id]).update(
        created_at=eight_days_ago
    )

    send_alerts()

    assert set(Subscriber.objects.all()) == {recent.subscriber, kept.subscriber}
    assert set(Subscription.objects.all()) == {recent, kept}


def test_the_dry_run_sends_and_writes_nothing(follower, hearing, mailoutbox):
    move(hearing)
    send_alerts(dry_run=True)

    assert mailoutbox == []
    assert not Delivery.objects.exists()


def test_the_number_of_queries_does_not_grow_with_the_changes_in_a_mail(
    follower, hearing, django_assert_max_num_queries
):
    """Guards the N+1 of building a mail: each change's hearing, proceeding and court."""
    for day in range(10, 20):
        move(hearing, date=dt.date(2021, 3, day))
    with django_assert_max_num_queries(16):
        send_alerts(no_purge=True)
    assert len(mail.outbox) == 1
