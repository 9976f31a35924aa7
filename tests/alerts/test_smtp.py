"""End to end through a real SMTP server on loopback (aiosmtpd): a lawyer follows the Doctolib
case in French, its hearing is moved, and one mail arrives with the old and new dates and a
working unsubscribe link."""

import datetime as dt
import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from alerts.models import Subscription
from cases import services
from cases.models import Hearing


class Inbox:
    """An aiosmtpd handler keeping every message that arrives."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def site_path(text: str, kind: str) -> str:
    match = re.search(rf"http://127\.0\.0\.1:8000(/fr/alerts/{kind}/[^/\s]+/)", text)
    assert match, text
    return match.group(1)


def test_a_lawyer_following_doctolib_gets_one_french_mail_when_its_hearing_moves(
    client, demo, smtp_server, django_capture_on_commit_callbacks
):
    # She follows the case from its French page, and confirms from the mail she receives.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/cases/doctolib-aws/follow/", {"email": "juliette.avocate@example.org"}
        )
    assert response.status_code == 200
    (confirmation,) = smtp_server.messages
    assert client.post(site_path(text_of(confirmation), "confirm")).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None

    # The hearing of 8 March 2021 at 10:30 moves to 9 March at 14:30.
    hearing = Hearing.objects.get(proceeding__case__slug="doctolib-aws")
    services.hearing_reschedule(
        hearing=hearing, date=dt.date(2021, 3, 9), start_time=dt.time(14, 30), reason="Renvoi"
    )
    call_command("send_alerts", verbosity=0)
    call_command("send_alerts", verbosity=0)  # a second cron run sends nothing more

    assert len(smtp_server.messages) == 2
    alert = smtp_server.messages[1]
    assert alert["To"] == "juliette.avocate@example.org"
    assert str(alert["Subject"]).strip().startswith("Doctolib / AWS")
    assert "audience déplacée" in alert["Subject"]
    body = text_of(alert)
    assert "Bonjour" in body
    assert (
        "Audience déplacée : prévue le 8 mars 2021 à 10 h 30, elle aura lieu le 9 mars 2021 à "
        "14 h 30." in body
    )
    assert "http://127.0.0.1:8000/fr/cases/doctolib-aws/" in body
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = alert["List-Unsubscribe"].strip("<>")

    # The unsubscribe link works: one button, then nothing is stored any more.
    unsubscribe = site_path(body, "unsubscribe")
    assert header_url.endswith(unsubscribe)
    page = client.get(unsubscribe)
    assert page.status_code == 200 and "Se désabonner" in page.content.decode()
    assert client.post(unsubscribe).status_code == 200
    assert not Subscription.objects.exists()
