"""The e-mails: confirmation of a subscription, an alert for one case, the daily digest.

Plain text with a simple HTML alternative, in the subscriber's language, with absolute links
built from SITE_URL. No tracking pixel and no tracked link: every link is the page itself.
Alerts carry List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) so that mail clients can
offer a one-click unsubscribe button.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from alerts import conf, texts, tokens
from alerts.models import Subscriber, Subscription
from cases.models import Case, CaseChange


def absolute(name: str, language: str, **kwargs) -> str:
    """SITE_URL + the URL named `name` under the /<language>/ prefix."""
    with translation.override(language):
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
    language = subscription.language
    case = subscription.case
    case_url = absolute("case_detail", language, slug=case.slug)
    section = CaseSection(
        title=case.localized("title", language).text,
        url=case_url,
        unsubscribe_url=absolute(
            "alerts:unsubscribe", language, token=tokens.unsubscribe_token(subscription)
        ),
    )
    for change in changes:
        url = (
            absolute("ruling_detail", language, slug=change.ruling.slug)
            if change.ruling_id
            else case_url
        )
        section.items.append(
            Item(
                label=texts.KIND_LABELS[language][change.kind],
                sentence=texts.describe(change, language),
                where=texts.where(change, language),
                url=url,
            )
        )
    return section


def _message(
    *, subject: str, template: str, language: str, context: dict, to: str, unsubscribe: str = ""
) -> EmailMultiAlternatives:
    context = {**context, "language": language, "site_url": settings.SITE_URL}
    with translation.override(language):
        text = render_to_string(f"alerts/email/{template}_{language}.txt", context)
        html = render_to_string(f"alerts/email/{template}_{language}.html", context)
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation(subscription: Subscription, *, language: str, digest: bool):
    case: Case = subscription.case
    title = case.localized("title", language).text
    token = tokens.confirm_token(subscription, language=language, digest=digest)
    context = {
        "case_title": title,
        "case_url": absolute("case_detail", language, slug=case.slug),
        "confirm_url": absolute("alerts:confirm", language, token=token),
        "manage_url": absolute(
            "alerts:manage", language, token=tokens.manage_token(subscription.subscriber)
        ),
        "digest": digest,
        "valid_days": conf.get("ALERTS_CONFIRM_MAX_AGE") // 86400,
        "purge_days": conf.get("ALERTS_UNCONFIRMED_DAYS"),
    }
    return _message(
        subject=texts.confirm_subject(title, language),
        template="confirm",
        language=language,
        context=context,
        to=subscription.subscriber.email,
    )


def alert(subscription: Subscription, changes: list[CaseChange]):
    """One mail for one case: the changes made within the grouping window."""
    language = subscription.language
    section = _section(subscription, changes)
    context = {
        "section": section,
        "manage_url": absolute(
            "alerts:manage", language, token=tokens.manage_token(subscription.subscriber)
        ),
    }
    return _message(
        subject=texts.subject(section.title, changes, language),
        template="alert",
        language=language,
        context=context,
        to=subscription.subscriber.email,
        unsubscribe=section.unsubscribe_url,
    )


def digest(
    subscriber: Subscriber, language: str, groups: list[tuple[Subscription, list[CaseChange]]]
):
    """The daily digest of one address, in one language, across the cases it follows."""
    sections = [_section(subscription, changes) for subscription, changes in groups]
    unsubscribe_all = absolute(
        "alerts:unsubscribe", language, token=tokens.unsubscribe_token(subscriber)
    )
    context = {
        "sections": sections,
        "unsubscribe_all_url": unsubscribe_all,
        "manage_url": absolute("alerts:manage", language, token=tokens.manage_token(subscriber)),
    }
    count = sum(len(changes) for _subscription, changes in groups)
    return _message(
        subject=texts.digest_subject(count, language),
        template="digest",
        language=language,
        context=context,
        to=subscriber.email,
        unsubscribe=unsubscribe_all,
    )
