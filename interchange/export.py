"""Export to the interchange format.

`export_document(public=False)` is everything, drafts, real names and full texts included (for
moving an instance). `public=True` applies the rules of the public pages: only public records
(`.public()` querysets), natural persons pseudonymised with the letters the case page shows
(cases.selectors.case_party_names), and no full text (cases.publication; the key is left out,
so that importing a public file over an instance changes no text). A pseudonymised person
becomes one record per case, with a uid derived from the person and the case, so that the file
cannot link the same person across cases (the letters differ from case to case on the pages
too).

Lists are in entry order (pk) and references are uids, so that importing a file into an empty
database and exporting again gives the same file.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from cases import publication, selectors, visibility
from cases.models import (
    Case,
    CaseStatusChange,
    Counsel,
    Court,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    StatusUpdate,
    Topic,
)
from citations.models import Citation
from interchange.format import FORMAT, VERSION
from interchange.provenance import all_provenance, provenance_keys
from organisations.models import Organisation

PSEUDONYM_NAMESPACE = uuid.UUID("0d5f1c2e-8f55-4a5e-9b3e-2f6f5d7c9a41")


def _value(value):
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _record(obj, fields: tuple[str, ...]) -> dict:
    return {"uid": str(obj.uid), **{name: _value(getattr(obj, name)) for name in fields}}


def _uids(objs) -> list[str]:
    return sorted(str(o.uid) for o in objs)


COURT_FIELDS = (
    "slug",
    "name_fr",
    "name_en",
    "short_name_fr",
    "short_name_en",
    "country",
    "ecli_code",
    "kind",
)
ORGANISATION_FIELDS = ("slug", "name", "website")
TOPIC_FIELDS = ("slug", "name_fr", "name_en")
PARTY_FIELDS = ("slug", "name", "kind", "name_published_by_court", "website")
COUNSEL_FIELDS = ("name", "firm", "website")
CASE_FIELDS = ("slug", "title_fr", "title_en", "summary_fr", "summary_en", "status", "publication")
STATUS_CHANGE_FIELDS = ("from_status", "to_status", "changed_on", "note")
STATUS_UPDATE_FIELDS = (
    "posted_on",
    "text_fr",
    "text_en",
    "next_step_fr",
    "next_step_en",
    "expected_on",
)
PROCEEDING_FIELDS = ("number", "procedure", "lodged_on", "origin", "other_applicants")
FILING_FIELDS = ("kind", "registered_on", "summary_fr", "summary_en", "full_text", "source_url")
HEARING_FIELDS = (
    "date",
    "end_date",
    "start_time",
    "end_time",
    "formation_fr",
    "formation_en",
    "location",
    "status",
    "notes_fr",
    "notes_en",
    "sequence",
)
HEARING_CHANGE_FIELDS = (
    "changed_at",
    "old_date",
    "old_start_time",
    "new_date",
    "new_start_time",
    "old_status",
    "new_status",
    "reason",
)
RULING_FIELDS = (
    "slug",
    "ecli",
    "celex",
    "kind",
    "decided_on",
    "short_name",
    "case_name",
    "advocate_general",
    "title_fr",
    "title_en",
    "formation_fr",
    "formation_en",
    "outcome",
    "outcome_text_fr",
    "outcome_text_en",
    "summary_fr",
    "summary_en",
    "full_text",
    "language",
    "source_url",
    "reference",
)
EVENT_FIELDS = (
    "occurred_on",
    "kind",
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "source_url",
    "reference",
)
CITATION_FIELDS = ("treatment", "pinpoint", "quote", "origin", "verified")


class Exporter:
    def __init__(self, *, public: bool):
        self.public = public
        self.pseudonyms: dict[str, dict] = {}
        self.latest: dt.datetime | None = None
        fields = publication.public_fields if public else (lambda model, names: names)
        self.filing_fields = fields(Filing, FILING_FIELDS)
        self.ruling_fields = fields(Ruling, RULING_FIELDS)
        self.sources = all_provenance()

    def sourced(self, record: dict, obj) -> dict:
        """`record` with the `provenance` (and `found_in`) stored for `obj`, when any."""
        records = self.sources.get((type(obj), obj.pk))
        if records:
            record.update(provenance_keys(records))
        return record

    def document(self) -> dict:
        cases = self.cases()
        self.cases_of_party = self.party_cases(cases)
        self.case_uids = {str(c.uid) for c in cases}
        case_records = [self.case(c) for c in cases]
        rulings = self.rulings()
        ruling_uids = {str(r.uid) for r in rulings}
        document = {
            "format": FORMAT,
            "version": VERSION,
            "public": self.public,
            "organisations": self.organisations(cases),
            "courts": [self.record(c, COURT_FIELDS) for c in Court.objects.order_by("pk")],
            "topics": [self.record(t, TOPIC_FIELDS) for t in Topic.objects.order_by("pk")],
            "parties": self.parties(),
            "counsel": [self.record(c, COUNSEL_FIELDS) for c in Counsel.objects.order_by("pk")],
            "cases": case_records,
            "rulings": [self.ruling(r, ruling_uids) for r in rulings],
            "events": [self.event(e) for e in self.events()],
            "citations": [self.citation(c) for c in self.citations()],
        }
        return {"dataset": self.dataset(), **document}

    def record(self, obj, fields: tuple[str, ...]) -> dict:
        """`_record`, noting the latest change of what the file holds (the dataset's date)."""
        if self.latest is None or obj.updated_at > self.latest:
            self.latest = obj.updated_at
        return _record(obj, fields)

    def dataset(self) -> dict:
        """What the file is: title, licence, publisher (as configured) and the day its data
        last changed (docs/interchange.md)."""
        latest = timezone.localdate(self.latest) if self.latest else None
        return {
            "title": settings.DATA_TITLE,
            "publisher": settings.DATA_PUBLISHER,
            "publisher_url": settings.SITE_URL,
            "licence": settings.DATA_LICENCE,
            "licence_url": settings.DATA_LICENCE_URL,
            "date": latest.isoformat() if latest else None,
        }

    # Querysets: everything, or what the public pages show.

    def without_withheld(self, model):
        """`model`'s rows, in a public export without the texts that stay in (not even read)."""
        qs = model.objects.all()
        return qs.defer(*publication.WITHHELD_FIELDS[model]) if self.public else qs

    def cases(self) -> list[Case]:
        qs = Case.objects.public() if self.public else Case.objects.all()
        hearings = Hearing.objects.order_by("pk").prefetch_related(
            Prefetch("changes", queryset=HearingChange.objects.order_by("pk"))
        )
        participants = ProceedingParty.objects.order_by("pk").select_related("party")
        proceedings = (
            Proceeding.objects.order_by("pk")
            .select_related("court", "parent__case")
            .prefetch_related(
                Prefetch("participants", queryset=participants.prefetch_related("counsel")),
                Prefetch("filings", queryset=self.without_withheld(Filing).order_by("pk")),
                "filings__filed_by",
                Prefetch("hearings", queryset=hearings),
            )
        )
        return list(
            qs.order_by("pk")
            .select_related("organisation")
            .prefetch_related(
                "topics",
                "slug_aliases",
                Prefetch("status_changes", queryset=CaseStatusChange.objects.order_by("pk")),
                Prefetch("status_updates", queryset=StatusUpdate.objects.order_by("pk")),
                Prefetch("proceedings", queryset=proceedings),
            )
        )

    def organisations(self, cases: list[Case]) -> list[dict]:
        """Every organisation, or in a public export those owning an exported case (an
        organisation is not a natural person: its name is public)."""
        qs = Organisation.objects.order_by("pk")
        if self.public:
            qs = qs.filter(pk__in={c.organisation_id for c in cases})
        return [self.record(o, ORGANISATION_FIELDS) for o in qs]

    def party_cases(self, cases: list[Case]) -> dict[int, set[int]]:
        """The exported cases each party appears in (as a participant or a filer)."""
        found: dict[int, set[int]] = {}
        case_pks = [c.pk for c in cases]
        pairs = list(
            ProceedingParty.objects.filter(proceeding__case__in=case_pks).values_list(
                "party_id", "proceeding__case_id"
            )
        ) + list(
            Filing.filed_by.through.objects.filter(
                filing__proceeding__case__in=case_pks
            ).values_list("party_id", "filing__proceeding__case_id")
        )
        for party_pk, case_pk in pairs:
            found.setdefault(party_pk, set()).add(case_pk)
        return found

    def rulings(self) -> list[Ruling]:
        qs = self.without_withheld(Ruling).public() if self.public else Ruling.objects.all()
        return list(
            qs.order_by("pk")
            .select_related("court", "proceeding__case", "opinion_for")
            # numbers in entry order: the first one builds the slug
            .prefetch_related(
                "numbers",
                Prefetch(
                    "joined_proceedings",
                    queryset=Proceeding.objects.select_related("case").order_by("pk"),
                ),
            )
        )

    def events(self):
        qs = Event.objects.public() if self.public else Event.objects.all()
        return qs.order_by("pk").prefetch_related("cases")

    def citations(self):
        qs = Citation.objects.public() if self.public else Citation.objects.all()
        # Only the uids of the linked records: their texts would make millions of rows heavy.
        related = ("citing_ruling", "citing_filing", "cited")
        return (
            qs.order_by("pk")
            .select_related(*related)
            .only("uid", "updated_at", *CITATION_FIELDS, *(f"{name}__uid" for name in related))
        )

    # Records.

    def parties(self) -> list[dict]:
        qs = Party.objects.order_by("pk")
        if self.public:
            qs = qs.with_public_page()
        records = [self.record(p, PARTY_FIELDS) for p in qs]
        return records + sorted(self.pseudonyms.values(), key=lambda r: r["uid"])

    def party_ref(self, party: Party, case: Case, names: dict[int, str]) -> str:
        """The uid under which `party` appears in `case`: its own, or for a pseudonymised
        person in a public export, a per-case record named by the case's letters."""
        if not (self.public and visibility.is_pseudonymised(party)):
            return str(party.uid)
        if len(self.cases_of_party.get(party.pk, ())) <= 1:
            derived = party.uid
        else:
            derived = uuid.uuid5(PSEUDONYM_NAMESPACE, f"{party.uid}:{case.uid}")
        self.pseudonyms.setdefault(
            str(derived),
            {
                "uid": str(derived),
                "slug": f"person-{derived.hex[:8]}",
                "name": visibility.public_party_name(party, names),
                "kind": Party.Kind.NATURAL_PERSON.value,
                "name_published_by_court": False,
                "website": "",
            },
        )
        return str(derived)

    def case(self, case: Case) -> dict:
        names = selectors.case_party_names(case=case) if self.public else {}
        record = self.record(case, CASE_FIELDS)
        record["organisation"] = str(case.organisation.uid) if case.organisation else None
        record["former_slugs"] = sorted(a.slug for a in case.slug_aliases.all())
        record["topics"] = _uids(case.topics.all())
        record["status_changes"] = [
            self.record(c, STATUS_CHANGE_FIELDS) for c in case.status_changes.all()
        ]
        record["status_updates"] = [
            self.record(u, STATUS_UPDATE_FIELDS) for u in case.status_updates.all()
        ]
        record["proceedings"] = [self.proceeding(p, case, names) for p in case.proceedings.all()]
        return self.sourced(record, case)

    def proceeding(self, proceeding: Proceeding, case: Case, names) -> dict:
        record = self.record(proceeding, PROCEEDING_FIELDS)
        record["court"] = str(proceeding.court.uid)
        parent = proceeding.parent
        visible = parent is not None and (
            not self.public or parent.case_id == case.pk or str(parent.case.uid) in self.case_uids
        )
        record["parent"] = str(parent.uid) if visible else None
        record["parties"] = [
            {
                "uid": str(p.uid),
                "party": self.party_ref(p.party, case, names),
                "role": p.role,
                "counsel": _uids(p.counsel.all()),
            }
            for p in proceeding.participants.all()
        ]
        record["filings"] = [
            self.sourced(
                {
                    **self.record(f, self.filing_fields),
                    "filed_by": sorted(self.party_ref(p, case, names) for p in f.filed_by.all()),
                },
                f,
            )
            for f in proceeding.filings.all()
        ]
        record["hearings"] = [
            self.sourced(
                {
                    **self.record(h, HEARING_FIELDS),
                    "changes": [self.record(c, HEARING_CHANGE_FIELDS) for c in h.changes.all()],
                },
                h,
            )
            for h in proceeding.hearings.all()
        ]
        return self.sourced(record, proceeding)

    def ruling(self, ruling: Ruling, exported: set[str]) -> dict:
        record = self.record(ruling, self.ruling_fields)
        record["court"] = str(ruling.court.uid)
        # Its main proceeding, then the joined ones; a public file names only those of the
        # cases it holds, the first of them becoming the main one (cases.visibility).
        proceedings = [ruling.proceeding] if ruling.proceeding else []
        proceedings += list(ruling.joined_proceedings.all())
        if self.public:
            proceedings = [p for p in proceedings if str(p.case.uid) in self.case_uids]
        record["proceeding"] = str(proceedings[0].uid) if proceedings else None
        record["joined_proceedings"] = [str(p.uid) for p in proceedings[1:]]
        opinion_for = ruling.opinion_for
        record["opinion_for"] = (
            str(opinion_for.uid) if opinion_for and str(opinion_for.uid) in exported else None
        )
        record["numbers"] = [n.number for n in sorted(ruling.numbers.all(), key=lambda n: n.pk)]
        return self.sourced(record, ruling)

    def event(self, event: Event) -> dict:
        record = self.record(event, EVENT_FIELDS)
        cases = [c for c in event.cases.all() if str(c.uid) in self.case_uids]
        record["cases"] = _uids(cases)
        return self.sourced(record, event)

    def citation(self, citation: Citation) -> dict:
        record = self.record(citation, CITATION_FIELDS)
        citing = citation.citing_ruling
        record["citing_ruling"] = str(citing.uid) if citing else None
        filing = citation.citing_filing
        record["citing_filing"] = str(filing.uid) if filing else None
        record["cited"] = str(citation.cited.uid)
        return self.sourced(record, citation)


def export_document(*, public: bool = False) -> dict:
    return Exporter(public=public).document()
