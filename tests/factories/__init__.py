"""Every factory and builder of the test suite, one module per app:

- `tests.factories.base`: the abstract `Factory` and `set_many`;
- `tests.factories.users`: `UserFactory`, `make_user`, `make_curator`;
- `tests.factories.cases`: factory_boy factories of the cases app's models, and builders through
  its services (`court`, `case`, `ruling`, … and `make_case`, `make_draft_world`, …);
- `tests.factories.citations`: `CitationFactory` and the citation graph's bulk builders;
- `tests.factories.organisations`: `make_member`, `build_world` (two organisations, every role);
- `tests.factories.alerts`, `tests.factories.sources`: those apps' models.

The factory_boy factories and the helpers whose names are unique are re-exported here, so that
`from tests import factories` then `factories.CaseFactory(...)` works; the builders whose short
names several modules share (`court`, `ruling`, …) are read from their module
(`from tests.factories import cases as f`).
"""

from tests.factories.alerts import (
    CaseChangeFactory,
    DeliveryFactory,
    SubscriberFactory,
    SubscriptionFactory,
)
from tests.factories.base import Factory, set_many
from tests.factories.cases import (
    DRAFT_TITLE,
    PERSON_NAME,
    CaseFactory,
    CaseSlugAliasFactory,
    CaseStatusChangeFactory,
    CounselFactory,
    CourtFactory,
    EventFactory,
    FilingFactory,
    HearingChangeFactory,
    HearingFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    RulingFactory,
    RulingNumberFactory,
    StatusUpdateFactory,
    TopicFactory,
    draft_case,
    make_case,
    make_court,
    make_draft_world,
    make_hearing,
    make_person,
    make_ruling,
    populated_case,
)
from tests.factories.citations import CitationFactory, bulk_cite, bulk_rulings
from tests.factories.organisations import OrgTree, World, build_world, make_member
from tests.factories.sources import SyncRunFactory, SyncStateFactory
from tests.factories.users import UserFactory, make_curator, make_user

__all__ = [
    "DRAFT_TITLE",
    "PERSON_NAME",
    "CaseChangeFactory",
    "CaseFactory",
    "CaseSlugAliasFactory",
    "CaseStatusChangeFactory",
    "CitationFactory",
    "CounselFactory",
    "CourtFactory",
    "DeliveryFactory",
    "EventFactory",
    "Factory",
    "FilingFactory",
    "HearingChangeFactory",
    "HearingFactory",
    "OrgTree",
    "PartyFactory",
    "ProceedingFactory",
    "ProceedingPartyFactory",
    "RulingFactory",
    "RulingNumberFactory",
    "StatusUpdateFactory",
    "SubscriberFactory",
    "SubscriptionFactory",
    "SyncRunFactory",
    "SyncStateFactory",
    "TopicFactory",
    "UserFactory",
    "World",
    "build_world",
    "bulk_cite",
    "bulk_rulings",
    "draft_case",
    "make_case",
    "make_court",
    "make_curator",
    "make_draft_world",
    "make_hearing",
    "make_member",
    "make_person",
    "make_ruling",
    "make_user",
    "populated_case",
    "set_many",
]
