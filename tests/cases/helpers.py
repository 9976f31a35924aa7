"""Helpers of the cases tests: a page's visible text, the public pages, the admin's registered
models and a record of each, PostgreSQL's plans for the index tests."""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from organisations.models import Membership, Organisation
from tests import factories
from tests.factories import alerts as alerts_factories
from tests.factories import sources as source_factories


def text(response) -> str:
    return response.content.decode()


PAGES = [
    "/{lang}/",
    "/{lang}/cases/",
    "/{lang}/cases/doctolib-aws/",
    "/{lang}/timeline/",
    "/{lang}/hearings/",
    "/{lang}/hearings/?when=past",
    "/{lang}/rulings/",
    "/{lang}/rulings/cjue-2020-07-16-c-311-18/",
    "/{lang}/courts/ce/",
    "/{lang}/parties/interhop/",
    "/{lang}/search/?q=Doctolib",
]


REGISTERED = list(admin.site._registry)


FACTORIES = {
    "cases.Court": factories.CourtFactory,
    "cases.Party": factories.PartyFactory,
    "cases.Counsel": factories.CounselFactory,
    "cases.Topic": factories.TopicFactory,
    "cases.Case": factories.CaseFactory,
    "cases.CaseStatusChange": factories.CaseStatusChangeFactory,
    "cases.CaseSlugAlias": factories.CaseSlugAliasFactory,
    "cases.Proceeding": factories.ProceedingPartyFactory,
    "cases.Filing": factories.FilingFactory,
    "cases.Hearing": factories.HearingChangeFactory,
    "cases.HearingChange": factories.HearingChangeFactory,
    "cases.Ruling": factories.RulingNumberFactory,
    "cases.RulingNumber": factories.RulingNumberFactory,
    "cases.StatusUpdate": factories.StatusUpdateFactory,
    "cases.Event": factories.EventFactory,
    "citations.Citation": factories.CitationFactory,
    "alerts.Subscriber": alerts_factories.SubscriptionFactory,
    "alerts.Subscription": alerts_factories.SubscriptionFactory,
    "alerts.Delivery": alerts_factories.DeliveryFactory,
    "sources.SyncState": source_factories.SyncStateFactory,
    "sources.SyncRun": source_factories.SyncRunFactory,
    "sources.UnresolvedCitation": source_factories.UnresolvedCitationFactory,
    "sources.FetchRequest": source_factories.FetchRequestFactory,
    "sources.SavedQuery": source_factories.SavedQueryFactory,
    "sources.SyncRequest": source_factories.SyncRequestFactory,
}


def make_instance(model, admin_user):
    """A saved instance of `model`, with related rows so that its inlines have lines too."""
    label = model._meta.label
    if label == "auth.User":
        return admin_user
    if label == "auth.Group":
        return Group.objects.create(name="Editors")
    if label == "organisations.Organisation":
        return Organisation.objects.create(name="Association A", slug="association-a")
    if label == "organisations.Membership":
        organisation = Organisation.objects.create(name="Association B", slug="association-b")
        return Membership.objects.create(organisation=organisation, user=admin_user)
    if model._meta.app_label == "axes":
        # Lockout records, written by django-axes itself (without any IP address).
        fields = {"user_agent": "test", "http_accept": "*/*", "path_info": "/admin/login/"}
        if label == "axes.AccessAttempt":
            fields.update(get_data="", post_data="", failures_since_start=1)
        return model.objects.create(username="someone", **fields)
    made = FACTORIES[label]()
    if label == "cases.Proceeding":
        made = made.proceeding
    elif label == "cases.Hearing":
        made = made.hearing
    elif label == "cases.Ruling":
        made = made.ruling
        factories.CitationFactory(citing_ruling=made)
    elif label == "cases.Case":
        factories.ProceedingFactory(case=made)
        factories.StatusUpdateFactory(case=made)
        factories.CaseStatusChangeFactory(case=made)
    elif label == "alerts.Subscriber":
        made = made.subscriber
    elif label == "cases.Event":
        made.cases.set([factories.CaseFactory()])
    assert isinstance(made, model)
    return made


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def plan(sql: str) -> str:
    """PostgreSQL's plan for `sql` (EXPLAIN), as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def settle(gin_indexes, tables) -> None:
    """Rows bulk-inserted in a test, as the planner would see them in production: moved from
    the GIN indexes' pending lists into the indexes proper (a VACUUM would, but cannot run in a
    test's transaction), and the tables ANALYZEd so that the planner knows they are large."""
    with connection.cursor() as cursor:
        for index in gin_indexes:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
