"""The citator and followed searches: what their followers are told, and when.

Unlike a case's changes, which cases.changes records in an outbox as they happen, a citation
becomes visible to a ruling's follower in many ways: created verified, verified later by an
editor, its citing ruling's case published, a ruling joined to a public case. So the outbox
of these alerts is the Delivery table itself, filled from the state of the data at each
`send_alerts` run: one row per (subscription, citation) or (subscription, ruling) that the
subscriber may see and has no row yet, under the same unique constraints, locks, retries and
digest as case alerts (alerts.sending). Whatever made it visible, it is told once.

- A followed ruling: the citations of it its follower may see (from a public ruling or filing,
  verified, or unverified when asked for: labelled so in the mail) and could not see when
  confirming: those are noted then as `known` and never sent.
- A followed search: the public rulings added since the subscription was confirmed that the
  search matches (alerts.selectors.search_matches, the search page's matcher), within
  ALERTS_WINDOW_DAYS.
"""

import datetime as dt
import re

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from alerts import conf, selectors
from alerts.models import Delivery, Subscription
from cases import selectors as case_selectors
from cases import visibility
from cases.models import Ruling
from citations.extract import extract
from citations.models import Citation
from citations.resolve import resolve

Status = Delivery.Status
Kind = Subscription.Kind

# Characters of the citing text shown around a citation found in it.
PASSAGE_CHARS = 300


def note_known(subscription: Subscription, *, now: dt.datetime | None = None) -> int:
    """Mark the citations `subscription`'s reader may already see as known (never sent)."""
    now = now or timezone.now()
    known = (
        selectors.visible_citations(
            subscription.ruling, include_unverified=subscription.include_unverified
        )
        .exclude(
            Exists(Delivery.objects.filter(subscription=subscription, citation=OuterRef("pk")))
        )
        .values_list("pk", flat=True)
    )
    rows = [
        Delivery(
            subscription=subscription,
            citation_id=pk,
            status=Status.KNOWN,
            next_attempt_at=now,
        )
        for pk in known.iterator()
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def enqueue_citations(*, now: dt.datetime) -> int:
    """One pending Delivery per (confirmed ruling subscription, citation it may now see)
    without one; returns how many."""
    pairs = (
        Citation.objects.public()
        .filter(
            Q(cited__alert_subscriptions__confirmed_at__isnull=False)
            & (Q(verified=True) | Q(cited__alert_subscriptions__include_unverified=True))
        )
        .annotate(subscription_id=F("cited__alert_subscriptions__pk"))
        .annotate(
            delivered=Exists(
                Delivery.objects.filter(
                    citation=OuterRef("pk"), subscription=OuterRef("subscription_id")
                )
            )
        )
        .filter(delivered=False)
        .values_list("pk", "subscription_id")
    )
    rows = [
        Delivery(citation_id=citation_id, subscription_id=subscription_id, next_attempt_at=now)
        for citation_id, subscription_id in pairs
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def enqueue_searches(*, now: dt.datetime) -> int:
    """One pending Delivery per (confirmed search subscription, public ruling added since its
    confirmation that the search matches) without one; returns how many."""
    since = now - dt.timedelta(days=conf.get("ALERTS_WINDOW_DAYS"))
    created = 0
    subscriptions = Subscription.objects.filter(kind=Kind.SEARCH, confirmed_at__isnull=False)
    for subscription in subscriptions.iterator():
        matches = (
            selectors.search_matches(subscription.search_query, subscription.search_filters)
            .filter(created_at__gte=max(subscription.confirmed_at, since))
            .exclude(
                Exists(Delivery.objects.filter(subscription=subscription, ruling=OuterRef("pk")))
            )
            .order_by()
            .values_list("pk", flat=True)
        )
        rows = [
            Delivery(subscription=subscription, ruling_id=pk, next_attempt_at=now) for pk in matches
        ]
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        created += len(rows)
    return created


def deliverable_q() -> Q:
    """Pending citator and search deliveries that may still be told: the citation still
    visible to the subscriber, the ruling still public."""
    return (Q(citation__isnull=False) & selectors.citation_visible_q()) | (
        Q(ruling__isnull=False) & selectors.ruling_public_q()
    )


def skip_invisible() -> int:
    """Pending deliveries of citations or rulings that are no longer visible are never sent."""
    return (
        Delivery.objects.filter(status=Status.PENDING, change__isnull=True)
        .exclude(deliverable_q())
        .update(status=Status.SKIPPED)
    )


def passage(citation: Citation, language: str) -> str:
    """The citing passage: the quote an editor recorded, else the citing text around the
    first place it cites the ruling (found by the citation extractor), else "". The pages
    never show a full text: the names of the natural persons of the citing item's case are
    replaced by their pseudonyms (pseudonymise_text), as the pages name them."""
    citing = citation.citing
    if citing is None:
        return ""
    if citation.quote.strip():
        return pseudonymise_text(_shorten(citation.quote.strip()), citing)
    text = getattr(citing, "full_text", "") or ""
    if not text:
        return ""
    cited = Ruling.objects.filter(pk=citation.cited_id)
    for resolution in resolve(extract(text), rulings=cited):
        if resolution.ruling is not None and resolution.ruling.pk == citation.cited_id:
            found = _around(text, resolution.match.start, resolution.match.end)
            return pseudonymise_text(found, citing)
    return ""


def pseudonymise_text(text: str, citing) -> str:
    """`text` with every pseudonymised natural person of `citing`'s public proceedings
    replaced by their pseudonym ("A... B..."): the full name, and each word of it of three
    letters or more on its own (a surname alone), whatever the case."""
    if isinstance(citing, Ruling):
        proceedings = case_selectors.ruling_visible_proceedings(ruling=citing, viewer=None)
    else:
        proceedings = [citing.proceeding]
    names = case_selectors.ruling_party_names(proceedings=proceedings)
    for participant in case_selectors.ruling_parties(proceedings=proceedings):
        party = participant.party
        if not visibility.is_pseudonymised(party):
            continue
        pseudonym = names.get(party.pk) or visibility.public_party_name(party)
        parts = [party.name, *(word for word in party.name.split() if len(word) >= 3)]
        for part in parts:
            text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", pseudonym, text, flags=re.I)
    return text


def _shorten(text: str, limit: int = 2 * PASSAGE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit) or limit] + "…"


def _around(text: str, start: int, end: int) -> str:
    begin = max(0, start - PASSAGE_CHARS // 2)
    if begin:
        begin = text.rfind(" ", 0, begin) + 1
    stop = min(len(text), end + PASSAGE_CHARS // 2)
    if stop < len(text):
        stop = text.rfind(" ", end, stop) if text.rfind(" ", end, stop) > 0 else stop
    snippet = " ".join(text[begin:stop].split())
    return ("…" if begin else "") + snippet + ("…" if stop < len(text) else "")
