"""The follow form and the pages reached from alert e-mails. Thin: writes go through
alerts.services, links are read by alerts.tokens.

The follow forms (a case's, a ruling's, a search's) and the management page are the only
public pages that set a cookie (CSRF).
The confirmation and unsubscribe pages are authenticated by their signed link alone: they take
a POST without a CSRF token (RFC 8058 one-click unsubscribe comes from a mail client) and set no
cookie. Their GET only shows a button, because mail scanners open links.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import ratelimit, services, tokens
from alerts import selectors as alert_selectors
from alerts.forms import FollowForm, RulingFollowForm, SearchFollowForm
from alerts.models import Subscriber, Subscription
from cases import selectors
from common import cachehealth

# "Try again in a few minutes" (the follow form while its limits cannot be counted).
LIMITS_RETRY_AFTER_SECONDS = 120


def _language() -> str:
    return (translation.get_language() or "fr")[:2]


def _bad_link(request):
    return render(request, "alerts/bad_link.html", status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request, slug: str):
    """Ask to follow a public case. The answer is the same whether the address is new, already
    subscribed or over its rate limit; a client over its own limit, or the site over its, gets
    429 (which says nothing about the address)."""
    try:
        case = selectors.case_get(slug=slug, viewer=None)
    except selectors.CaseMoved as moved:
        return redirect("alerts:follow", slug=moved.case.slug, permanent=True)
    form = FollowForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "alerts/follow.html", {"case": case, "form": form}, status=400)
        try:
            # The client's limit first, so that a client over it spends nothing of the site's.
            if not (ratelimit.allow_client(request) and ratelimit.allow_site()):
                return render(request, "alerts/busy.html", {"case": case}, status=429)
            services.subscription_request(
                email=form.cleaned_data["email"],
                case=case,
                language=_language(),
                digest=form.cleaned_data["digest"],
            )
        except cachehealth.Unavailable:
            # The limits cannot be counted, so nothing is sent (they fail closed; the address's
            # limit is checked before anything is written).
            response = render(request, "alerts/unavailable.html", {"case": case}, status=503)
            response.headers["Retry-After"] = str(LIMITS_RETRY_AFTER_SECONDS)
            return response
        return render(request, "alerts/follow_sent.html", {"case": case})
    return render(request, "alerts/follow.html", {"case": case, "form": form})


def _limited_request(request, context: dict, ask):
    """Run `ask()` (a services.*_request) behind the client's and the site's limits; the
    page answering a follow form."""
    try:
        # The client's limit first, so that a client over it spends nothing of the site's.
        if not (ratelimit.allow_client(request) and ratelimit.allow_site()):
            return render(request, "alerts/busy.html", context, status=429)
        ask()
    except cachehealth.Unavailable:
        response = render(request, "alerts/unavailable.html", context, status=503)
        response.headers["Retry-After"] = str(LIMITS_RETRY_AFTER_SECONDS)
        return response
    return render(request, "alerts/follow_sent.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_ruling(request, slug: str):
    """Ask to follow the new decisions citing a public ruling (the citator); answers as the
    case's follow form does."""
    ruling = selectors.ruling_get(slug=slug)
    form = RulingFollowForm(request.POST or None)
    context = {"ruling": ruling, "form": form, "back_url": ruling.get_absolute_url()}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "alerts/follow_ruling.html", context, status=400)
        return _limited_request(
            request,
            context,
            lambda: services.ruling_follow_request(
                email=form.cleaned_data["email"],
                ruling=ruling,
                language=_language(),
                digest=not form.cleaned_data["immediate"],
                include_unverified=form.cleaned_data["unverified"],
            ),
        )
    return render(request, "alerts/follow_ruling.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_search(request):
    """Ask to follow a search (its words and the rulings list's filters, from the query
    string on GET, hidden fields on POST): the new public rulings it matches."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        query, filters = alert_selectors.clean_search(
            data.get("q", ""), {name: data.get(name, "") for name in alert_selectors.SEARCH_FILTERS}
        )
    except alert_selectors.BadSearch:
        return render(request, "alerts/bad_search.html", status=400)
    name, query_string = alert_selectors.search_page(query, filters)
    back_url = reverse(name) + "?" + query_string
    form = SearchFollowForm(request.POST or None, initial={"q": query, **filters})
    context = {
        "form": form,
        "query": query,
        "filters": filters,
        "filter_items": alert_selectors.filter_items(filters),
        "back_url": back_url,
    }
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "alerts/follow_search.html", context, status=400)
        return _limited_request(
            request,
            context,
            lambda: services.search_follow_request(
                email=form.cleaned_data["email"],
                query=query,
                filters=filters,
                language=_language(),
                digest=not form.cleaned_data["immediate"],
            ),
        )
    return render(request, "alerts/follow_search.html", context)


def _target_public(subscription: Subscription) -> bool:
    if subscription.kind == Subscription.Kind.CASE:
        return subscription.case.is_public
    if subscription.kind == Subscription.Kind.RULING:
        return selectors.ruling_is_public(subscription.ruling)
    return True


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    try:
        subscription, language, digest = tokens.read_confirm_token(token)
        unverified = tokens.read_confirm_unverified(token)
    except tokens.BadLink:
        return _bad_link(request)
    if not _target_public(subscription):
        raise Http404("No such case")
    if request.method == "POST":
        services.subscription_confirm(
            subscription=subscription, language=language, digest=digest, unverified=unverified
        )
        manage_token = tokens.manage_token(subscription.subscriber)
        return render(
            request,
            "alerts/confirm.html",
            {"subscription": subscription, "done": True, "manage_token": manage_token},
        )
    return render(
        request,
        "alerts/confirm.html",
        {"subscription": subscription, "digest": digest, "unverified": unverified, "done": False},
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """One-click unsubscribe (RFC 8058: a POST of List-Unsubscribe=One-Click); unsubscribing
    twice answers the same."""
    try:
        target = tokens.read_unsubscribe_token(token)
    except tokens.BadLink:
        return _bad_link(request)
    subscription = subscriber = None
    if "s" in target:
        subscription = (
            Subscription.objects.select_related("case", "ruling__court", "subscriber")
            .filter(uid=target["s"])
            .first()
        )
    else:
        subscriber = Subscriber.objects.filter(uid=target["r"]).first()
    public = subscription is not None and _target_public(subscription)
    case = subscription.case if public and subscription.kind == Subscription.Kind.CASE else None
    followed = subscription if public and case is None else None
    if request.method == "POST":
        if subscription is not None:
            services.subscription_end(subscription=subscription)
        elif subscriber is not None:
            services.subscriber_end(subscriber=subscriber)
        return render(
            request, "alerts/unsubscribe.html", {"done": True, "case": case, "followed": followed}
        )
    gone = subscription is None and subscriber is None
    return render(
        request,
        "alerts/unsubscribe.html",
        {"done": gone, "case": case, "followed": followed, "all": "r" in target},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    """See and end the subscriptions of an address."""
    try:
        subscriber = tokens.read_manage_token(token)
    except tokens.BadLink:
        return _bad_link(request)
    if request.method == "POST":
        if request.POST.get("all"):
            services.subscriber_end(subscriber=subscriber)
            return render(request, "alerts/unsubscribe.html", {"done": True, "all": True})
        uid = request.POST.get("subscription", "")
        subscription = subscriber.subscriptions.filter(uid=uid).first() if _is_uid(uid) else None
        if subscription is None:
            return _bad_link(request)
        remaining = subscriber.subscriptions.count() - 1
        services.subscription_end(subscription=subscription)
        if not remaining:
            return render(request, "alerts/unsubscribe.html", {"done": True, "all": True})
        return redirect("alerts:manage", token=token)
    subscriptions = subscriber.subscriptions.select_related("case", "ruling__court").order_by(
        "created_at", "pk"
    )
    for subscription in subscriptions:
        subscription.target_public = _target_public(subscription)
    return render(
        request,
        "alerts/manage.html",
        {"subscriber": subscriber, "subscriptions": list(subscriptions)},
    )


def _is_uid(value: str) -> bool:
    try:
        return len(value.replace("-", "")) == 32 and int(value.replace("-", ""), 16) >= 0
    except ValueError:
        return False
