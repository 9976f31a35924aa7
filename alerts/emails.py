"""The e-mails: confirmation of a subscription, an alert for one case, the daily digest.

Plain text with a simple HTML alternative, in the subscriber's language (gettext, under
translation.override: English is the msgid, the French catalogue holds the French), with
absolute links built from SITE_URL. No tracking pixel and no tracked link: every link is the
page itself.
Alerts carry List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) so that mail clients can
offer a one-click unsubscribe button.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from alerts import citator, conf, selectors, tokens
from alerts.models import Delivery, Subscriber, Subscription
from cases.choices import CaseStatus
from cases.models import Case, CaseChange, Ruling
from citations.models import Citation

Kind = CaseChange.Kind

# The words of an alert. Their own context ("alert"): the admin's labels of the same choices
# read differently ("ruling added", a case "filed" is "introduite" there).
KIND_LABELS = {
    Kind.HEARING_SCHEDULED: pgettext_lazy("alert", "hearing scheduled"),
    Kind.HEARING_MOVED: pgettext_lazy("alert", "hearing moved"),
    Kind.HEARING_POSTPONED: pgettext_lazy("alert", "hearing postponed"),
    Kind.HEARING_CANCELLED: pgettext_lazy("alert", "hearing cancelled"),
    Kind.HEARING_HELD: pgettext_lazy("alert", "hearing held"),
    Kind.RULING_ADDED: pgettext_lazy("alert", "new ruling"),
    Kind.STATUS_CHANGED: pgettext_lazy("alert", "status changed"),
}

CASE_STATUS = {
    CaseStatus.FILED: pgettext_lazy("alert", "filed"),
    CaseStatus.HEARING_SCHEDULED: pgettext_lazy("alert", "hearing scheduled"),
    CaseStatus.AWAITING_DECISION: pgettext_lazy("alert", "heard, awaiting decision"),
    CaseStatus.DECIDED: pgettext_lazy("alert", "decided"),
    CaseStatus.APPEALED: pgettext_lazy("alert", "appealed"),
    CaseStatus.CLOSED: pgettext_lazy("alert", "closed"),
    CaseStatus.WITHDRAWN: pgettext_lazy("alert", "withdrawn"),
}

SENTENCES = {
    Kind.HEARING_SCHEDULED: gettext_lazy("Hearing scheduled for %(new)s."),
    Kind.HEARING_MOVED: gettext_lazy(
        "Hearing moved: set for %(old)s, it will now take place on %(new)s."
    ),
    Kind.HEARING_POSTPONED: gettext_lazy(
        "Hearing of %(old)s postponed; the new date is not known yet."
    ),
    Kind.HEARING_CANCELLED: gettext_lazy("Hearing of %(new)s cancelled."),
    Kind.HEARING_HELD: gettext_lazy("Hearing of %(new)s held."),
    Kind.RULING_ADDED: gettext_lazy("New ruling: %(ruling)s."),
    Kind.STATUS_CHANGED: gettext_lazy("Case status: %(old_status)s → %(new_status)s."),
}


def day(date: dt.date) -> str:
    return formats.date_format(date, "j F Y")


def when(date: dt.date | None, time: dt.time | None) -> str:
    """ "8 March 2021 at 10:30" / "8 mars 2021 à 10 h 30"; the date alone when no time."""
    if date is None:
        return "—"
    if time is None:
        return day(date)
    # The time as a Django format string, translated: "H:i" in English, "G \h i" in French.
    clock = formats.time_format(time, pgettext_lazy("time of day", "H:i"))
    return _("%(date)s at %(time)s") % {"date": day(date), "time": clock}


def describe(change: CaseChange) -> str:
    """One sentence telling `change` in the active language."""
    ruling = ""
    if change.ruling_id:
        r = change.ruling
        language = translation.get_language()
        court = r.court.localized("short_name", language).text or r.court.localized(
            "name", language
        )
        # The model's label: "order" / "ordonnance" read the same in an alert.
        ruling = f"{r.get_kind_display()} {court}, {day(r.decided_on)}"
    return SENTENCES[change.kind] % {
        "old": when(change.old_date, change.old_start_time),
        "new": when(change.new_date, change.new_start_time),
        "ruling": ruling,
        "old_status": CASE_STATUS.get(change.old_status, change.old_status),
        "new_status": CASE_STATUS.get(change.new_status, change.new_status),
    }


def where(change: CaseChange) -> str:
    """The proceeding a hearing or ruling belongs to: "CE No 450163"."""
    item = change.hearing or change.ruling
    proceeding = getattr(item, "proceeding", None)
    if proceeding is None:
        return ""
    court = proceeding.court.localized("short_name", translation.get_language()).text
    return _("%(court)s No %(number)s") % {"court": court, "number": proceeding.number}


def alert_subject(case_title: str, changes: list[CaseChange]) -> str:
    if len(changes) == 1:
        return _("%(case)s: %(change)s") % {
            "case": case_title,
            "change": KIND_LABELS[changes[0].kind],
        }
    return ngettext("%(case)s: %(count)d update", "%(case)s: %(count)d updates", len(changes)) % {
        "case": case_title,
        "count": len(changes),
    }


def absolute(name: str, **kwargs) -> str:
    """SITE_URL + the URL named `name` under the active language's prefix."""
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


@dataclass
class Item:
    label: str
    sentence: str
    where: str
    url: str


@dataclass
class CaseSection:
    title: str
    url: str
    unsubscribe_url: str
    items: list[Item] = field(default_factory=list)


def _section(subscription: Subscription, changes: list[CaseChange]) -> CaseSection:
    """The changes of one case, in its subscription's language."""
    with translation.override(subscription.language):
        case = subscription.case
        case_url = absolute("case_detail", slug=case.slug)
        section = CaseSection(
            title=case.localized("title", subscription.language).text,
            url=case_url,
            unsubscribe_url=absolute(
                "alerts:unsubscribe", token=tokens.unsubscribe_token(subscription)
            ),
        )
        for change in changes:
            url = (
                absolute("ruling_detail", slug=change.ruling.slug) if change.ruling_id else case_url
            )
            section.items.append(
                Item(
                    label=str(KIND_LABELS[change.kind]),
                    sentence=describe(change),
                    where=where(change),
                    url=url,
                )
            )
    return section


def _message(
    *, subject: str, template: str, context: dict, to: str, unsubscribe: str = ""
) -> EmailMultiAlternatives:
    """The mail from `template` (.txt and .html), rendered in the active language."""
    context = {**context, "site_url": settings.SITE_URL}
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation(
    subscription: Subscription, *, language: str, digest: bool, unverified: bool = False
):
    if subscription.kind != Subscription.Kind.CASE:
        return follow_confirmation(
            subscription, language=language, digest=digest, unverified=unverified
        )
    case: Case = subscription.case
    with translation.override(language):
        title = case.localized("title", language).text
        token = tokens.confirm_token(subscription, language=language, digest=digest)
        context = {
            "case_title": title,
            "case_url": absolute("case_detail", slug=case.slug),
            "confirm_url": absolute("alerts:confirm", token=token),
            "manage_url": absolute(
                "alerts:manage", token=tokens.manage_token(subscription.subscriber)
            ),
            "digest": digest,
            "valid_days": conf.get("ALERTS_CONFIRM_MAX_AGE") // 86400,
            "purge_days": conf.get("ALERTS_UNCONFIRMED_DAYS"),
        }
        return _message(
            subject=_("Confirm that you want to follow “%(case)s”") % {"case": title},
            template="confirm",
            context=context,
            to=subscription.subscriber.email,
        )


def _section_mail(subscription: Subscription, section, *, subject: str, template: str):
    """The mail of one followed case, ruling or search (in the active language)."""
    manage_url = absolute("alerts:manage", token=tokens.manage_token(subscription.subscriber))
    return _message(
        subject=subject,
        template=template,
        context={"section": section, "manage_url": manage_url},
        to=subscription.subscriber.email,
        unsubscribe=section.unsubscribe_url,
    )


def _digest_mail(subscriber: Subscriber, sections: list, *, subject: str, template: str):
    """The daily digest of one address (in the active language), with its unsubscribe-all."""
    unsubscribe_all = absolute("alerts:unsubscribe", token=tokens.unsubscribe_token(subscriber))
    context = {
        "sections": sections,
        "unsubscribe_all_url": unsubscribe_all,
        "manage_url": absolute("alerts:manage", token=tokens.manage_token(subscriber)),
    }
    return _message(
        subject=subject,
        template=template,
        context=context,
        to=subscriber.email,
        unsubscribe=unsubscribe_all,
    )


def alert(subscription: Subscription, changes: list[CaseChange]):
    """One mail for one case: the changes made within the grouping window."""
    with translation.override(subscription.language):
        section = _section(subscription, changes)
        subject = alert_subject(section.title, changes)
        return _section_mail(subscription, section, subject=subject, template="alert")


def digest(
    subscriber: Subscriber, language: str, groups: list[tuple[Subscription, list[CaseChange]]]
):
    """The daily digest of one address, in one language, across the cases it follows."""
    with translation.override(language):
        sections = [_section(subscription, changes) for subscription, changes in groups]
        count = sum(len(changes) for _subscription, changes in groups)
        subject = ngettext(
            "casetracker: %(count)d update in the cases you follow",
            "casetracker: %(count)d updates in the cases you follow",
            count,
        ) % {"count": count}
        return _digest_mail(subscriber, sections, subject=subject, template="digest")


# The citator and followed searches (alerts.citator).


def ruling_label(ruling: Ruling) -> str:
    """ "CJEU, judgment, 16 July 2020 — Schrems II" in the active language: what the public
    pages show of a ruling, no party named."""
    language = translation.get_language()
    court = ruling.court.localized("short_name", language).text or ruling.court.localized(
        "name", language
    )
    label = f"{court}, {ruling.get_kind_display()}, {day(ruling.decided_on)}"
    return f"{label} — {ruling.short_name}" if ruling.short_name else label


def search_label(subscription: Subscription) -> str:
    """ "« données de santé » (court: conseil-etat)": the words and the filters given."""
    words = _("“%(query)s”") % {"query": subscription.search_query}
    filters = ", ".join(selectors.filter_items(subscription.search_filters))
    if not subscription.search_query:
        return filters
    return f"{words} ({filters})" if filters else words


def target_title(subscription: Subscription) -> str:
    if subscription.kind == Subscription.Kind.RULING:
        return ruling_label(subscription.ruling)
    if subscription.kind == Subscription.Kind.SEARCH:
        return search_label(subscription)
    return subscription.case.localized("title", translation.get_language()).text


def target_url(subscription: Subscription) -> str:
    if subscription.kind == Subscription.Kind.RULING:
        return absolute("ruling_detail", slug=subscription.ruling.slug)
    if subscription.kind == Subscription.Kind.SEARCH:
        query = selectors.search_url_query(subscription.search_query, subscription.search_filters)
        return absolute("search") + "?" + query
    return absolute("case_detail", slug=subscription.case.slug)


@dataclass
class CitatorItem:
    sentence: str
    url: str
    passage: str = ""
    unverified: bool = False


@dataclass
class CitatorSection:
    kind: str
    title: str
    url: str
    unsubscribe_url: str
    items: list[CitatorItem] = field(default_factory=list)


def _citation_item(citation: Citation, language: str) -> CitatorItem:
    if citation.citing_ruling_id:
        citing = citation.citing_ruling
        sentence = ruling_label(citing)
        url = absolute("ruling_detail", slug=citing.slug)
    else:
        filing = citation.citing_filing
        case = filing.proceeding.case
        sentence = _("%(filing)s of %(date)s in the case “%(case)s”") % {
            "filing": filing.get_kind_display(),
            "date": day(filing.registered_on),
            "case": case.localized("title", language).text,
        }
        url = absolute("case_detail", slug=case.slug)
    sentence = _("%(citing)s — %(treatment)s") % {
        "citing": sentence,
        "treatment": citation.get_treatment_display(),
    }
    return CitatorItem(
        sentence=sentence,
        url=url,
        passage=citator.passage(citation, language),
        unverified=not citation.verified,
    )


def _ruling_item(ruling: Ruling, language: str) -> CitatorItem:
    summary = ruling.localized("summary", language).text
    return CitatorItem(
        sentence=ruling_label(ruling),
        url=absolute("ruling_detail", slug=ruling.slug),
        passage=citator._shorten(summary) if summary else "",
    )


def _citator_section(subscription: Subscription, deliveries: list[Delivery]) -> CitatorSection:
    language = subscription.language
    with translation.override(language):
        section = CitatorSection(
            kind=subscription.kind,
            title=target_title(subscription),
            url=target_url(subscription),
            unsubscribe_url=absolute(
                "alerts:unsubscribe", token=tokens.unsubscribe_token(subscription)
            ),
        )
        for delivery in deliveries:
            if delivery.citation_id:
                section.items.append(_citation_item(delivery.citation, language))
            else:
                section.items.append(_ruling_item(delivery.ruling, language))
    return section


def citator_subject(section: CitatorSection) -> str:
    count = len(section.items)
    if section.kind == Subscription.Kind.RULING:
        return ngettext(
            "%(ruling)s: cited by %(count)d new decision",
            "%(ruling)s: cited by %(count)d new decisions",
            count,
        ) % {"ruling": section.title, "count": count}
    return ngettext(
        "Search %(search)s: %(count)d new ruling",
        "Search %(search)s: %(count)d new rulings",
        count,
    ) % {"search": section.title, "count": count}


def citator_alert(subscription: Subscription, deliveries: list[Delivery]):
    """One mail for one followed ruling or search, sent at once (not a digest)."""
    with translation.override(subscription.language):
        section = _citator_section(subscription, deliveries)
        subject = citator_subject(section)
        return _section_mail(subscription, section, subject=subject, template="citator")


def citator_digest(
    subscriber: Subscriber, language: str, groups: list[tuple[Subscription, list[Delivery]]]
):
    """The daily digest of one address's followed rulings and searches, in one language."""
    with translation.override(language):
        sections = [_citator_section(subscription, items) for subscription, items in groups]
        count = sum(len(section.items) for section in sections)
        subject = ngettext(
            "casetracker: %(count)d new decision in the rulings and searches you follow",
            "casetracker: %(count)d new decisions in the rulings and searches you follow",
            count,
        ) % {"count": count}
        return _digest_mail(subscriber, sections, subject=subject, template="citator_digest")


def follow_confirmation(
    subscription: Subscription, *, language: str, digest: bool, unverified: bool
):
    """The confirmation mail of a followed ruling or search."""
    with translation.override(language):
        title = target_title(subscription)
        token = tokens.confirm_token(
            subscription, language=language, digest=digest, unverified=unverified
        )
        context = {
            "kind": subscription.kind,
            "title": title,
            "url": target_url(subscription),
            "confirm_url": absolute("alerts:confirm", token=token),
            "manage_url": absolute(
                "alerts:manage", token=tokens.manage_token(subscription.subscriber)
            ),
            "digest": digest,
            "unverified": unverified,
            "valid_days": conf.get("ALERTS_CONFIRM_MAX_AGE") // 86400,
            "purge_days": conf.get("ALERTS_UNCONFIRMED_DAYS"),
        }
        if subscription.kind == Subscription.Kind.RULING:
            subject = _("Confirm that you want to follow the decisions citing %(ruling)s") % {
                "ruling": title
            }
        else:
            subject = _("Confirm that you want to follow the search %(search)s") % {"search": title}
        return _message(
            subject=subject,
            template="confirm_follow",
            context=context,
            to=subscription.subscriber.email,
        )
