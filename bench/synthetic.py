"""Deterministic synthetic data at scale, for benchmarks (`manage.py generate_synthetic`).

Shapes (see bench/README.md):
- cases: 1 to 3 proceedings across French administrative and EU courts; 1 % of cases carry
  about 300 timeline entries (filings, hearings, status updates, rulings), the rest 5 to 20;
  about 5 % drafts and 2 % in review (never public), 3 % archived;
- parties drawn with a skew (the State and a few big companies appear in many cases), 20 % of
  them natural persons (pseudonymised on public pages), a few named by the court;
- hearings from 2012 to 2028 (some upcoming), 10 % of them moved once (a HearingChange, with
  the hearing's `sequence` counting the changes);
- rulings: one per decided proceeding, the rest case law attached to no case; the first ten
  case-law rulings are hubs that receive a large share of all citations (tens of thousands at
  2,000,000 citations), the others a power-law share;
- French and English text (titles, summaries, status updates, outcomes, short full texts).

Everything derives from the seed: the same seed into an empty database gives the same rows
(ids, uids, timestamps included). Rows are written with explicit ids after the current
maximum id of each table: with PostgreSQL COPY (psycopg 3 `cursor.copy`), elsewhere with
batched `executemany` inserts (what `bulk_create` does, without building model instances and
without `auto_now`, which would make the timestamps depend on the wall clock).
"""

import datetime as dt
import json
import random
import sys
import uuid
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, models
from django.utils.text import slugify
from tqdm import tqdm

from cases.models import (
    Case,
    CaseStatusChange,
    Counsel,
    Court,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    RulingNumber,
    StatusUpdate,
    Topic,
)
from citations.models import Citation
from citations.services import citation_stats_refresh

ALL_MODELS = [
    Court,
    Topic,
    Party,
    Counsel,
    Case,
    Case.topics.through,
    CaseStatusChange,
    Proceeding,
    ProceedingParty,
    ProceedingParty.counsel.through,
    Filing,
    Hearing,
    HearingChange,
    StatusUpdate,
    Ruling,
    RulingNumber,
    Citation,
]
BATCH_SIZE = 5000
HUBS = 10
# Share of all citations that go to the hubs, by hub rank (sums to 0.15).
HUB_SHARES = (0.04, 0.03, 0.02, 0.015, 0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025)
BIG_CASE_SHARE = 0.01
BIG_CASE_ENTRIES = (280, 320)
SMALL_CASE_ENTRIES = (5, 20)
EPOCH = dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC)

COURTS = [
    # slug, name_fr, name_en, short_fr, short_en, country, ecli code, kind, weight, number style
    (
        "ce",
        "Conseil d'État",
        "Conseil d'État (French Council of State)",
        "CE",
        "CE",
        "FR",
        "CECHR",
        "administrative",
        30,
        "ce",
    ),
    (
        "cjue",
        "Cour de justice de l'Union européenne",
        "Court of Justice of the European Union",
        "CJUE",
        "CJEU",
        "EU",
        "C",
        "eu",
        12,
        "C",
    ),
    (
        "tribunal-ue",
        "Tribunal de l'Union européenne",
        "General Court of the European Union",
        "Trib. UE",
        "GC",
        "EU",
        "T",
        "eu",
        5,
        "T",
    ),
    (
        "caa-paris",
        "Cour administrative d'appel de Paris",
        "Paris Administrative Court of Appeal",
        "CAA Paris",
        "CAA Paris",
        "FR",
        "",
        "administrative",
        10,
        "ta",
    ),
    (
        "caa-lyon",
        "Cour administrative d'appel de Lyon",
        "Lyon Administrative Court of Appeal",
        "CAA Lyon",
        "CAA Lyon",
        "FR",
        "",
        "administrative",
        6,
        "ta",
    ),
    (
        "ta-paris",
        "Tribunal administratif de Paris",
        "Paris Administrative Court",
        "TA Paris",
        "TA Paris",
        "FR",
        "",
        "administrative",
        16,
        "ta",
    ),
    (
        "ta-marseille",
        "Tribunal administratif de Marseille",
        "Marseille Administrative Court",
        "TA Marseille",
        "TA Marseille",
        "FR",
        "",
        "administrative",
        8,
        "ta",
    ),
    (
        "ta-lille",
        "Tribunal administratif de Lille",
        "Lille Administrative Court",
        "TA Lille",
        "TA Lille",
        "FR",
        "",
        "administrative",
        7,
        "ta",
    ),
    (
        "ta-strasbourg",
        "Tribunal administratif de Strasbourg",
        "Strasbourg Administrative Court",
        "TA Strasbourg",
        "TA Strasbourg",
        "FR",
        "",
        "administrative",
        6,
        "ta",
    ),
]

TOPICS = [
    ("data-protection", "Protection des données", "Data protection"),
    ("health-data", "Données de santé", "Health data"),
    ("international-transfers", "Transferts internationaux", "International transfers"),
    ("environment", "Environnement", "Environment"),
    ("public-procurement", "Marchés publics", "Public procurement"),
    ("immigration", "Droit des étrangers", "Immigration"),
    ("urban-planning", "Urbanisme", "Urban planning"),
    ("public-service", "Fonction publique", "Civil service"),
    ("taxation", "Fiscalité", "Taxation"),
    ("freedom-of-expression", "Liberté d'expression", "Freedom of expression"),
    ("competition", "Concurrence", "Competition"),
    ("surveillance", "Surveillance", "Surveillance"),
]

FIRST_NAMES = [
    "Jeanne",
    "Marie",
    "Louise",
    "Camille",
    "Claire",
    "Anne",
    "Sophie",
    "Paul",
    "Pierre",
    "Jean",
    "Louis",
    "Michel",
    "Luc",
    "Hugo",
    "Léa",
    "Inès",
    "Karim",
    "Yasmine",
    "Thomas",
    "Julien",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèbvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
]
ORG_WORDS = [
    "Liberté",
    "Données",
    "Santé",
    "Numérique",
    "Environnement",
    "Avenir",
    "Citoyens",
    "Droits",
    "Transparence",
    "Réseau",
    "Solidarité",
    "Patrimoine",
    "Nature",
    "Quartier",
    "Usagers",
    "Vigilance",
]
COMPANY_WORDS = [
    "Cloud",
    "Santé",
    "Logistique",
    "Énergie",
    "Transport",
    "Médias",
    "Conseil",
    "Bâtiment",
    "Distribution",
    "Services",
    "Technologies",
    "Assurance",
]
AUTHORITIES = [
    "État (ministre de la santé)",
    "État (ministre de l'intérieur)",
    "État (ministre de l'économie)",
    "Commission nationale de l'informatique et des libertés",
    "Commission européenne",
    "Ville de Paris",
    "Région Île-de-France",
    "Préfet de police",
    "Agence régionale de santé",
    "Caisse nationale de l'assurance maladie",
]
SUBJECTS_FR = [
    "l'hébergement de données de santé",
    "un permis de construire",
    "l'attribution d'un marché public",
    "un refus de titre de séjour",
    "la fermeture d'un établissement",
    "un traitement de données personnelles",
    "une sanction disciplinaire",
    "un arrêté de police",
    "une mesure de surveillance",
    "un transfert de données hors de l'Union",
]
SUBJECTS_EN = [
    "the hosting of health data",
    "a building permit",
    "the award of a public contract",
    "a refusal of a residence permit",
    "the closure of an establishment",
    "a processing of personal data",
    "a disciplinary sanction",
    "a police order",
    "a surveillance measure",
    "a transfer of data outside the Union",
]
SENTENCES_FR = [
    "La requérante soutient que la décision porte une atteinte grave et "
    "manifestement illégale à une liberté fondamentale.",
    "Le juge des référés relève que la condition d'urgence est remplie.",
    "L'administration fait valoir que les garanties prévues par le contrat suffisent.",
    "Le moyen tiré de la méconnaissance du règlement général sur la "
    "protection des données est soulevé.",
    "Les parties ont été entendues à l'audience publique.",
    "La juridiction renvoie une question préjudicielle à la Cour de justice.",
    "Il n'appartient pas au juge de se substituer à l'autorité administrative.",
    "La mesure contestée est proportionnée au but poursuivi.",
]
SENTENCES_EN = [
    "The applicant argues that the decision seriously and manifestly "
    "unlawfully infringes a fundamental freedom.",
    "The interim relief judge finds that the condition of urgency is met.",
    "The administration contends that the safeguards in the contract are sufficient.",
    "The plea alleging a breach of the General Data Protection Regulation is raised.",
    "The parties were heard at the public hearing.",
    "The court refers a question to the Court of Justice for a preliminary ruling.",
    "It is not for the court to substitute its own assessment for that of the administration.",
    "The contested measure is proportionate to the aim pursued.",
]
NEXT_STEPS_FR = ["Audience à venir", "Décision attendue", "Mémoire en réplique", "Appel envisagé"]
NEXT_STEPS_EN = ["Hearing to come", "Decision expected", "Reply brief", "Appeal considered"]
FORMATIONS = [
    ("juge des référés", "interim relief judge"),
    ("10e et 9e chambres réunies", "10th and 9th chambers"),
    ("Grande chambre", "Grand Chamber"),
    ("formation plénière", "full court"),
    ("3e chambre", "3rd chamber"),
]
TREATMENTS = (
    ("cites", 70),
    ("follows", 12),
    ("applies", 10),
    ("distinguishes", 5),
    ("questions", 1.5),
    ("criticises", 1.4),
    ("overrules", 0.1),
)
PROCEDURES = {
    "ce": ("refere_liberte", "refere_suspension", "exces_de_pouvoir", "appeal"),
    "ta": ("refere_liberte", "refere_suspension", "exces_de_pouvoir"),
    "C": ("preliminary_reference", "appeal", "other"),
    "T": ("other", "appeal"),
}
FILING_KINDS = ("application", "brief", "brief", "defence", "intervention", "note_en_delibere")


@dataclass
class Table:
    """Rows to write into one model's table: `fields` name the values of each row; every other
    concrete field gets its default (the same for every row)."""

    model: type[models.Model]
    fields: tuple[str, ...]
    rows: Iterable[tuple]
    total: int


@dataclass
class Plan:
    cases: int
    rulings: int
    citations: int
    seed: int
    stats: dict = field(default_factory=dict)


class Writer:
    """Writes rows with explicit ids: COPY on PostgreSQL, batched inserts elsewhere."""

    def __init__(self, *, verbosity: int = 1, stream=sys.stderr):
        self.verbosity = verbosity
        self.stream = stream
        self.postgres = connection.vendor == "postgresql"
        self.written: dict[str, int] = {}

    def write(self, table: Table) -> int:
        opts = table.model._meta
        given = [opts.get_field(name) for name in table.fields]
        rest = [f for f in opts.concrete_fields if f.name not in table.fields and not f.primary_key]
        tail = tuple(self._default(f) for f in rest)
        fields = given + rest
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        bar = tqdm(
            total=table.total,
            desc=f"{opts.db_table:<32}",
            unit=" rows",
            unit_scale=True,
            file=self.stream,
            disable=self.verbosity < 1,
            mininterval=0.5,
        )
        count = 0
        with connection.cursor() as cursor:
            if self.postgres:
                sql = f"COPY {connection.ops.quote_name(opts.db_table)} ({columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    # COPY's text format takes JSON as text.
                    tail = tuple(json.dumps(v) if isinstance(v, dict) else v for v in tail)
                    for row in table.rows:
                        copy.write_row(row + tail)
                        count += 1
                        if not count % BATCH_SIZE:
                            bar.update(BATCH_SIZE)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                sql = (
                    f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({columns}) "
                    f"VALUES ({placeholders})"
                )
                preps = [self._prep(f) for f in fields]
                batch = []
                for row in table.rows:
                    batch.append([prep(v) for prep, v in zip(preps, row + tail, strict=True)])
                    if len(batch) >= BATCH_SIZE:
                        cursor.executemany(sql, batch)
                        bar.update(len(batch))
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        bar.update(count - bar.n)
        bar.close()
        self.written[opts.db_table] = self.written.get(opts.db_table, 0) + count
        return count

    @staticmethod
    def _default(f):
        if f.has_default() and not callable(f.default):
            return f.default
        if f.null:
            return None
        if isinstance(f, (models.CharField, models.TextField)):
            return ""
        if isinstance(f, models.JSONField) and f.default is dict:
            return {}  # the counts stored on rulings: computed once the citations are written
        raise ValueError(f"synthetic rows must give {f.model.__name__}.{f.name}")

    @staticmethod
    def _prep(f) -> Callable:
        return lambda value: f.get_db_prep_save(value, connection)

    def reset_sequences(self, model_list) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), model_list)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def next_id(model) -> int:
    last = model.objects.aggregate(m=models.Max("pk"))["m"]
    return (last or 0) + 1


class Uids:
    """Deterministic UUIDs (version 4 layout) from the seed, the table and the first id."""

    def __init__(self, seed: int, label: str, first_id: int):
        self.rng = random.Random(f"uid:{seed}:{label}:{first_id}")

    def __call__(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)


def stamp(rng: random.Random, day: dt.date) -> dt.datetime:
    """A timestamp on `day` (UTC), deterministic."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
        seconds=rng.randrange(86400)
    )


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


class Generator:
    def __init__(self, plan: Plan, writer: Writer):
        self.plan = plan
        self.writer = writer
        self.seed = plan.seed
        # Read every table's next id now: no query may run while a COPY holds the connection.
        self.first_ids = {model: next_id(model) for model in ALL_MODELS}

    def first_id(self, model) -> int:
        return self.first_ids[model]

    def rng(self, label: str) -> random.Random:
        return random.Random(f"{self.seed}:{label}")

    # -- reference data -------------------------------------------------------------------
    def courts(self) -> list[dict]:
        existing = {c.slug: c for c in Court.objects.filter(slug__in=[c[0] for c in COURTS])}
        first = self.first_id(Court)
        uids = Uids(self.seed, "court", first)
        rows, out = [], []
        for spec in COURTS:
            slug, name_fr, name_en, short_fr, short_en, country, ecli, kind, weight, style = spec
            if slug in existing:
                pk = existing[slug].pk
            else:
                pk = first + len(rows)
                rows.append(
                    (
                        pk,
                        uids(),
                        EPOCH,
                        EPOCH,
                        name_fr,
                        name_en,
                        short_fr,
                        short_en,
                        slug,
                        country,
                        ecli,
                        kind,
                    )
                )
            out.append(
                {"id": pk, "slug": slug, "ecli": ecli, "weight": weight, "style": style}
                | {"country": country}
            )
        fields = ("id", "uid", "created_at", "updated_at", "name_fr", "name_en")
        fields += ("short_name_fr", "short_name_en", "slug", "country", "ecli_code", "kind")
        self.writer.write(Table(Court, fields, rows, len(rows)))
        return out

    def topics(self) -> list[int]:
        existing = dict(Topic.objects.values_list("slug", "pk"))
        first = self.first_id(Topic)
        uids = Uids(self.seed, "topic", first)
        rows, ids = [], []
        for slug, fr, en in TOPICS:
            if slug in existing:
                ids.append(existing[slug])
                continue
            pk = first + len(rows)
            rows.append((pk, uids(), EPOCH, EPOCH, slug, fr, en))
            ids.append(pk)
        fields = ("id", "uid", "created_at", "updated_at", "slug", "name_fr", "name_en")
        self.writer.write(Table(Topic, fields, rows, len(rows)))
        return ids

    def parties(self, count: int) -> list[tuple[int, str]]:
        """(id, kind) of `count` parties; the first ones are the most frequent."""
        rng = self.rng("parties")
        first = self.first_id(Party)
        uids = Uids(self.seed, "party", first)
        out = []

        def rows():
            for i in range(count):
                pk = first + i
                if i < len(AUTHORITIES):
                    kind, name = "public_authority", AUTHORITIES[i]
                else:
                    roll = rng.random()
                    if roll < 0.2:
                        kind = "natural_person"
                        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                    elif roll < 0.5:
                        kind = "association"
                        name = f"Association {rng.choice(ORG_WORDS)} {rng.choice(ORG_WORDS)}"
                    elif roll < 0.75:
                        kind = "company"
                        name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(LAST_NAMES)} SAS"
                    elif roll < 0.85:
                        kind = "union"
                        name = f"Syndicat national {rng.choice(ORG_WORDS).lower()}"
                    elif roll < 0.95:
                        kind = "public_authority"
                        name = f"Commune de {rng.choice(LAST_NAMES)}-sur-{rng.choice(ORG_WORDS)}"
                    else:
                        kind = "other"
                        name = f"Collectif {rng.choice(ORG_WORDS)}"
                named = kind == "natural_person" and rng.random() < 0.02
                out.append((pk, kind))
                slug = f"{slugify(name)[:100]}-{pk}"
                yield (pk, uids(), EPOCH, EPOCH, name, slug, kind, named)

        fields = ("id", "uid", "created_at", "updated_at", "name", "slug", "kind")
        fields += ("name_published_by_court",)
        self.writer.write(Table(Party, fields, rows(), count))
        return out

    def counsel(self, count: int) -> list[int]:
        rng = self.rng("counsel")
        first = self.first_id(Counsel)
        uids = Uids(self.seed, "counsel", first)
        rows = [
            (
                first + i,
                uids(),
                EPOCH,
                EPOCH,
                f"Me {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                f"SCP {rng.choice(LAST_NAMES)}, {rng.choice(LAST_NAMES)}",
            )
            for i in range(count)
        ]
        fields = ("id", "uid", "created_at", "updated_at", "name", "firm")
        self.writer.write(Table(Counsel, fields, rows, count))
        return [r[0] for r in rows]

    # -- the whole set --------------------------------------------------------------------
    def run(self) -> dict:
        plan = self.plan
        courts = self.courts()
        topic_ids = self.topics()
        parties = self.parties(max(50, plan.cases // 2))
        counsel_ids = self.counsel(max(20, plan.cases // 200))
        numbers = NumberAllocator(courts)
        cases = CasePlan.build(self, courts, numbers)
        rulings = RulingPlan.build(self, cases, courts, numbers)
        self.write_cases(cases, topic_ids)
        self.write_proceedings(cases, parties, counsel_ids)
        self.write_timelines(cases)
        self.write_rulings(rulings)
        self.write_citations(rulings)
        self.writer.reset_sequences(ALL_MODELS)
        # Bulk rows send no signal: the counts stored on the rulings are computed once here.
        citation_stats_refresh()
        plan.stats.update(
            {
                "rows": dict(self.writer.written),
                "big_case_slug": cases.big_case_slug,
                "hub_ruling_slug": rulings.hub_slug,
            }
        )
        return plan.stats

    def write_cases(self, cases: "CasePlan", topic_ids: list[int]) -> None:
        fields = ("id", "uid", "created_at", "updated_at", "title_fr", "title_en", "slug")
        fields += ("summary_fr", "summary_en", "status", "publication")
        self.writer.write(Table(Case, fields, cases.case_rows(), len(cases.cases)))
        rng = self.rng("case-topics")
        through = Case.topics.through
        first = self.first_id(through)

        rows = [
            (case.id, topic)
            for case in cases.cases
            for topic in rng.sample(topic_ids, 1 + (rng.random() < 0.4))
        ]
        rows = [(first + n, *row) for n, row in enumerate(rows)]
        self.writer.write(Table(through, ("id", "case", "topic"), rows, len(rows)))
        self.writer.write(
            Table(
                CaseStatusChange,
                (
                    "id",
                    "uid",
                    "created_at",
                    "updated_at",
                    "case",
                    "from_status",
                    "to_status",
                    "changed_on",
                ),
                cases.status_change_rows(),
                len(cases.cases),
            )
        )

    def write_proceedings(self, cases, parties, counsel_ids) -> None:
        fields = ("id", "uid", "created_at", "updated_at", "case", "court", "number")
        fields += ("procedure", "lodged_on", "parent", "origin")
        self.writer.write(Table(Proceeding, fields, cases.proceeding_rows(), cases.n_proceedings))
        participants, counsel_links = cases.participant_rows(parties, counsel_ids)
        fields = ("id", "uid", "created_at", "updated_at", "proceeding", "party", "role")
        self.writer.write(Table(ProceedingParty, fields, participants, len(participants)))
        through = ProceedingParty.counsel.through
        self.writer.write(
            Table(through, ("id", "proceedingparty", "counsel"), counsel_links, len(counsel_links))
        )

    def write_timelines(self, cases) -> None:
        fields = ("id", "uid", "created_at", "updated_at", "proceeding", "kind", "registered_on")
        fields += ("summary_fr", "summary_en")
        self.writer.write(Table(Filing, fields, cases.filing_rows(), cases.n_filings))
        fields = ("id", "uid", "created_at", "updated_at", "proceeding", "date", "start_time")
        fields += ("formation_fr", "formation_en", "location", "status", "notes_fr", "sequence")
        changes: list[tuple] = []
        self.writer.write(Table(Hearing, fields, cases.hearing_rows(changes), cases.n_hearings))
        fields = ("id", "uid", "created_at", "updated_at", "hearing", "changed_at", "old_date")
        fields += ("old_start_time", "new_date", "new_start_time", "old_status", "new_status")
        fields += ("reason",)
        self.writer.write(Table(HearingChange, fields, changes, len(changes)))
        fields = ("id", "uid", "created_at", "updated_at", "case", "posted_on", "text_fr")
        fields += ("text_en", "next_step_fr", "next_step_en")
        self.writer.write(Table(StatusUpdate, fields, cases.status_rows(), cases.n_status))

    def write_rulings(self, rulings: "RulingPlan") -> None:
        fields = ("id", "uid", "created_at", "updated_at", "court", "proceeding", "kind")
        fields += ("slug", "ecli", "celex", "decided_on", "short_name", "title_fr", "title_en")
        fields += ("formation_fr", "formation_en", "outcome", "outcome_text_fr")
        fields += ("outcome_text_en", "summary_fr", "summary_en", "full_text", "language")
        fields += ("reference",)
        self.writer.write(Table(Ruling, fields, rulings.ruling_rows(), rulings.count))
        fields = ("id", "uid", "created_at", "updated_at", "ruling", "number")
        self.writer.write(Table(RulingNumber, fields, rulings.number_rows(), rulings.count))

    def write_citations(self, rulings: "RulingPlan") -> None:
        fields = ("id", "uid", "created_at", "updated_at", "citing_ruling", "cited", "treatment")
        fields += ("pinpoint", "origin", "verified", "citing_date")
        total = self.plan.citations
        self.writer.write(Table(Citation, fields, rulings.citation_rows(total), total))


class NumberAllocator:
    """Case numbers unique per court, in each court's style, skipping numbers already used."""

    def __init__(self, courts: list[dict]):
        self.counters = {c["id"]: 0 for c in courts}
        self.styles = {c["id"]: c["style"] for c in courts}
        self.used: dict[int, set[str]] = {c["id"]: set() for c in courts}
        for court_id, number in Proceeding.objects.values_list("court_id", "number"):
            self.used.setdefault(court_id, set()).add(number)
        for court_id, number in RulingNumber.objects.values_list(
            "ruling__court_id", "number"
        ).iterator():
            self.used.setdefault(court_id, set()).add(number)

    def next(self, court_id: int) -> str:
        while True:
            k = self.counters[court_id]
            self.counters[court_id] = k + 1
            style = self.styles[court_id]
            if style == "ce":
                number = str(100000 + k)
            elif style in ("C", "T"):
                number = f"{style}-{k % 9000 + 1}/{10 + (k // 9000) % 90}"
            else:
                number = str(1000000 + k)
            if number not in self.used[court_id]:
                return number


@dataclass
class PlannedProceeding:
    id: int
    court: dict
    number: str
    procedure: str
    lodged_on: dt.date
    parent: int | None
    entries: int = 0
    ruling_on: dt.date | None = None


@dataclass
class PlannedCase:
    id: int
    slug: str
    title_fr: str
    title_en: str
    publication: str
    big: bool
    entries: int
    proceedings: list[PlannedProceeding]
    subject: int
    status: str = "filed"
    updated: dt.date | None = None


class CasePlan:
    """Cases and their proceedings decided up front (ids, dates, entry counts), so that rulings
    and timelines can be written table by table."""

    def __init__(self, gen: Generator):
        self.gen = gen
        self.cases: list[PlannedCase] = []
        self.n_proceedings = self.n_filings = self.n_hearings = self.n_status = 0
        self.big_case_slug = None

    @classmethod
    def build(cls, gen: Generator, courts: list[dict], numbers: NumberAllocator) -> "CasePlan":
        self = cls(gen)
        rng = gen.rng("cases")
        first_case, first_proc = self.gen.first_id(Case), self.gen.first_id(Proceeding)
        weights = [c["weight"] for c in courts]
        proc_id = first_proc
        for i in range(gen.plan.cases):
            pk = first_case + i
            big = i == 0 or rng.random() < BIG_CASE_SHARE
            roll = rng.random()
            if i == 0:
                publication = "published"
            elif roll < 0.05:
                publication = "draft"
            elif roll < 0.07:
                publication = "review"
            elif roll < 0.10:
                publication = "archived"
            else:
                publication = "published"
            subject = rng.randrange(len(SUBJECTS_FR))
            who = rng.choice(ORG_WORDS)
            title_fr = f"Association {who} — {SUBJECTS_FR[subject]}"
            title_en = f"Association {who} — {SUBJECTS_EN[subject]}" if rng.random() < 0.6 else ""
            entries = rng.randint(*(BIG_CASE_ENTRIES if big else SMALL_CASE_ENTRIES))
            n_proc = 1 + (rng.random() < 0.3) + (rng.random() < 0.05)
            lodged = rand_date(rng, dt.date(2012, 1, 1), dt.date(2027, 6, 30))
            proceedings = []
            parent = None
            for j in range(n_proc):
                court = rng.choices(courts, weights)[0] if j == 0 else rng.choice(courts)
                style = court["style"]
                proceedings.append(
                    PlannedProceeding(
                        proc_id,
                        court,
                        numbers.next(court["id"]),
                        rng.choice(PROCEDURES[style]) if j == 0 else "appeal",
                        lodged,
                        parent,
                    )
                )
                parent = proc_id
                proc_id += 1
                lodged = lodged + dt.timedelta(days=rng.randint(30, 400))
            # Spread the entries over the proceedings.
            for k in range(entries):
                proceedings[k % n_proc].entries += 1
            slug = f"{slugify(title_fr)[:90]}-{pk}"
            case = PlannedCase(
                pk, slug, title_fr, title_en, publication, big, entries, proceedings, subject
            )
            self.cases.append(case)
            if i == 0:
                self.big_case_slug = slug
        self.n_proceedings = proc_id - first_proc
        self.rng = rng
        return self

    def case_rows(self) -> Iterator[tuple]:
        rng = self.gen.rng("case-rows")
        uids = Uids(self.gen.seed, "case", self.cases[0].id if self.cases else 0)
        for c in self.cases:
            summary_fr = " ".join(rng.sample(SENTENCES_FR, 3))
            summary_en = " ".join(rng.sample(SENTENCES_EN, 3)) if c.title_en else ""
            created = stamp(rng, c.proceedings[0].lodged_on)
            updated = stamp(rng, min(c.updated or c.proceedings[-1].lodged_on, EPOCH.date()))
            yield (
                c.id,
                uids(),
                created,
                max(created, updated),
                c.title_fr,
                c.title_en,
                c.slug,
                summary_fr,
                summary_en,
                c.status,
                c.publication,
            )

    def status_change_rows(self) -> Iterator[tuple]:
        first = self.gen.first_id(CaseStatusChange)
        uids = Uids(self.gen.seed, "status-change", first)
        for n, c in enumerate(self.cases):
            day = c.proceedings[0].lodged_on
            yield (first + n, uids(), stamp(self.rng, day), EPOCH, c.id, "", c.status, day)

    def proceeding_rows(self) -> Iterator[tuple]:
        uids = Uids(self.gen.seed, "proceeding", self.gen.first_id(Proceeding))
        for c in self.cases:
            for p in c.proceedings:
                origin = "appeal" if p.parent else ""
                yield (
                    p.id,
                    uids(),
                    EPOCH,
                    EPOCH,
                    c.id,
                    p.court["id"],
                    p.number,
                    p.procedure,
                    p.lodged_on,
                    p.parent,
                    origin,
                )

    def participant_rows(self, parties, counsel_ids) -> tuple[list, list]:
        rng = self.gen.rng("participants")
        first, first_link = (
            self.gen.first_id(ProceedingParty),
            self.gen.first_id(ProceedingParty.counsel.through),
        )
        uids = Uids(self.gen.seed, "participant", first)
        n_parties = len(parties)
        rows, links = [], []
        for c in self.cases:
            for p in c.proceedings:
                chosen: set[int] = set()
                for role, count in (("applicant", rng.randint(1, 2)), ("respondent", 1)) + (
                    (("intervener", 1),) if rng.random() < 0.15 else ()
                ):
                    for _ in range(count):
                        # Skewed: the first parties (the State…) appear in many cases.
                        index = int(n_parties * rng.random() ** 3)
                        party_id = parties[index][0]
                        if party_id in chosen:
                            continue
                        chosen.add(party_id)
                        pk = first + len(rows)
                        rows.append((pk, uids(), EPOCH, EPOCH, p.id, party_id, role))
                        if rng.random() < 0.5:
                            links.append((first_link + len(links), pk, rng.choice(counsel_ids)))
        return rows, links

    def _split(self, p: PlannedProceeding, rng) -> tuple[int, int, int]:
        """(filings, hearings, status updates) of a proceeding's entries, the ruling apart."""
        entries = p.entries - (1 if p.ruling_on else 0)
        hearings = max(1, round(entries * 0.25))
        status = round(entries * 0.15)
        filings = max(1, entries - hearings - status)
        return filings, hearings, status

    def plan_entries(self) -> None:
        rng = self.gen.rng("split")
        self.splits = {}
        for c in self.cases:
            for p in c.proceedings:
                split = self._split(p, rng)
                self.splits[p.id] = split
                self.n_filings += split[0]
                self.n_hearings += split[1]
                self.n_status += split[2]

    def filing_rows(self) -> Iterator[tuple]:
        rng = self.gen.rng("filings")
        first = self.gen.first_id(Filing)
        uids = Uids(self.gen.seed, "filing", first)
        n = first
        for c in self.cases:
            for p in c.proceedings:
                end = p.ruling_on or p.lodged_on + dt.timedelta(days=700)
                span = max(1, (end - p.lodged_on).days)
                for k in range(self.splits[p.id][0]):
                    day = p.lodged_on + dt.timedelta(days=0 if k == 0 else rng.randrange(span))
                    kind = "application" if k == 0 else rng.choice(FILING_KINDS[1:])
                    summary_fr = rng.choice(SENTENCES_FR)
                    summary_en = rng.choice(SENTENCES_EN) if c.title_en else ""
                    t = stamp(rng, min(day, EPOCH.date()))
                    yield (n, uids(), t, t, p.id, kind, day, summary_fr, summary_en)
                    n += 1

    def hearing_rows(self, changes: list) -> Iterator[tuple]:
        rng = self.gen.rng("hearings")
        first, first_change = self.gen.first_id(Hearing), self.gen.first_id(HearingChange)
        uids = Uids(self.gen.seed, "hearing", first)
        change_uids = Uids(self.gen.seed, "hearing-change", first_change)
        today = EPOCH.date()
        n = first
        for c in self.cases:
            for p in c.proceedings:
                end = p.ruling_on or p.lodged_on + dt.timedelta(days=900)
                span = max(1, (end - p.lodged_on).days)
                for _ in range(self.splits[p.id][1]):
                    day = p.lodged_on + dt.timedelta(days=rng.randrange(span))
                    start = dt.time(rng.choice((9, 10, 14, 15)), rng.choice((0, 30)))
                    start = start if rng.random() < 0.7 else None
                    formation = FORMATIONS[rng.randrange(len(FORMATIONS))]
                    status = (
                        "scheduled" if day >= today else rng.choice(("held",) * 9 + ("cancelled",))
                    )
                    sequence = 0
                    t = stamp(rng, min(day, today))
                    if rng.random() < 0.1:
                        old = day - dt.timedelta(days=rng.randint(7, 60))
                        sequence = 1
                        changes.append(
                            (
                                first_change + len(changes),
                                change_uids(),
                                t,
                                t,
                                n,
                                t,
                                old,
                                start,
                                day,
                                start,
                                "scheduled",
                                status if status != "held" else "scheduled",
                                "Renvoi à la demande d'une partie",
                            )
                        )
                    yield (
                        n,
                        uids(),
                        t,
                        t,
                        p.id,
                        day,
                        start,
                        formation[0],
                        formation[1],
                        f"Salle {rng.randint(1, 12)}",
                        status,
                        "",
                        sequence,
                    )
                    n += 1

    def status_rows(self) -> Iterator[tuple]:
        rng = self.gen.rng("status-updates")
        first = self.gen.first_id(StatusUpdate)
        uids = Uids(self.gen.seed, "status-update", first)
        n = first
        for c in self.cases:
            for p in c.proceedings:
                span = max(1, ((p.ruling_on or EPOCH.date()) - p.lodged_on).days)
                for _ in range(self.splits[p.id][2]):
                    day = p.lodged_on + dt.timedelta(days=rng.randrange(span))
                    step = rng.randrange(len(NEXT_STEPS_FR)) if rng.random() < 0.5 else None
                    t = stamp(rng, min(day, EPOCH.date()))
                    yield (
                        n,
                        uids(),
                        t,
                        t,
                        c.id,
                        day,
                        rng.choice(SENTENCES_FR),
                        rng.choice(SENTENCES_EN) if c.title_en else "",
                        NEXT_STEPS_FR[step] if step is not None else "",
                        NEXT_STEPS_EN[step] if step is not None else "",
                    )
                    n += 1


@dataclass
class PlannedRuling:
    id: int
    court: dict
    proceeding: int | None
    number: str
    decided_on: dt.date
    case: PlannedCase | None = None
    procedure: str | None = None  # of its proceeding: the outcomes it may have follow


class RulingPlan:
    """Rulings: one per decided proceeding (within the budget), the rest case law attached to
    no case; the first case-law rulings are the hubs."""

    def __init__(self, gen: Generator):
        self.gen = gen
        self.rulings: list[PlannedRuling] = []
        self.hub_slug = None

    @property
    def count(self) -> int:
        return len(self.rulings)

    @classmethod
    def build(cls, gen, cases: CasePlan, courts, numbers) -> "RulingPlan":
        self = cls(gen)
        rng = gen.rng("rulings")
        budget = gen.plan.rulings
        first = self.gen.first_id(Ruling)
        # Case law first (hubs get the lowest ids), then rulings of tracked proceedings.
        proceedings = [(c, p) for c in cases.cases for p in c.proceedings]
        # A ruling read after the epoch would be in the future: that proceeding is undecided.
        decided = [
            (c, p, p.lodged_on + dt.timedelta(days=rng.randint(2, 600)))
            for c, p in proceedings
            if rng.random() < 0.7 or p.entries > 100
        ]
        decided = [(c, p, day) for c, p, day in decided if day <= EPOCH.date()]
        attached = min(len(decided), budget - min(budget, max(HUBS, budget // 3)))
        decided = decided[:attached]
        reference = budget - attached
        eu = [c for c in courts if c["country"] == "EU"]
        ce = [c for c in courts if c["style"] == "ce"]
        for i in range(reference):
            court = rng.choice(eu + ce) if i < HUBS else rng.choice(courts)
            start = dt.date(2000, 1, 1) if i < HUBS else dt.date(1995, 1, 1)
            end = dt.date(2015, 12, 31) if i < HUBS else dt.date(2026, 6, 1)
            self.rulings.append(
                PlannedRuling(
                    first + i, court, None, numbers.next(court["id"]), rand_date(rng, start, end)
                )
            )
        for c, p, decided_on in decided:
            p.ruling_on = decided_on
            c.status = "decided"
            c.updated = max(c.updated or decided_on, decided_on)
            self.rulings.append(
                PlannedRuling(
                    first + len(self.rulings), p.court, p.id, p.number, decided_on, c, p.procedure
                )
            )
        for c in cases.cases:
            if c.status == "filed" and c.proceedings[0].lodged_on < EPOCH.date():
                c.status = rng.choice(("filed", "hearing_scheduled", "awaiting_decision"))
        cases.plan_entries()
        if self.rulings:
            self.hub_slug = self.slug(self.rulings[0])
        return self

    @staticmethod
    def slug(r: PlannedRuling) -> str:
        number = r.number.lower().replace("/", "-")
        return f"{r.court['slug']}-{r.decided_on:%Y-%m-%d}-{number}"

    @staticmethod
    def ecli(r: PlannedRuling) -> str | None:
        court = r.court
        if court["style"] == "ce":
            code = "CEORD" if r.proceeding is None and r.id % 5 == 0 else court["ecli"]
            return f"ECLI:FR:{code}:{r.decided_on.year}:{r.number}.{r.decided_on:%Y%m%d}"
        if court["country"] == "EU":
            return f"ECLI:EU:{court['ecli']}:{r.decided_on.year}:{100000 + r.id}"
        return None

    def ruling_rows(self) -> Iterator[tuple]:
        rng = self.gen.rng("ruling-rows")
        uids = Uids(self.gen.seed, "ruling", self.rulings[0].id if self.rulings else 0)
        outcomes = ("granted", "rejected", "rejected", "partially_granted", "dismissed")
        # A preliminary ruling interprets or rules on validity (cases.models.outcomes_for).
        preliminary = ("interpretation", "interpretation", "act_invalid", "act_valid", "dismissed")
        for r in self.rulings:
            eu = r.court["country"] == "EU"
            kind = "judgment" if eu else rng.choice(("decision", "order", "decision"))
            subject = r.case.subject if r.case else rng.randrange(len(SUBJECTS_FR))
            short = f"Affaire {r.id}" if r.proceeding is None and r.id % 50 == 0 else ""
            title_fr = f"{r.court['slug'].upper()}, {r.decided_on:%d/%m/%Y}, {r.number}"
            title_fr += f" — {SUBJECTS_FR[subject]}"
            title_en = f"{r.number} — {SUBJECTS_EN[subject]}" if eu or rng.random() < 0.3 else ""
            formation = FORMATIONS[rng.randrange(len(FORMATIONS))]
            outcome = rng.choice(
                preliminary if r.procedure == "preliminary_reference" else outcomes
            )
            summary_fr = " ".join(rng.sample(SENTENCES_FR, 2))
            summary_en = " ".join(rng.sample(SENTENCES_EN, 2)) if title_en else ""
            full_text = " ".join(rng.sample(SENTENCES_FR if not eu else SENTENCES_EN, 4))
            celex = ""
            if eu:
                celex = f"6{r.decided_on.year}{'CJ' if r.court['style'] == 'C' else 'TJ'}"
                celex += f"{r.id % 10000:04d}"
            t = stamp(rng, min(r.decided_on, EPOCH.date()))
            yield (
                r.id,
                uids(),
                t,
                t,
                r.court["id"],
                r.proceeding,
                kind,
                self.slug(r),
                self.ecli(r),
                celex,
                r.decided_on,
                short,
                title_fr,
                title_en,
                formation[0],
                formation[1] if title_en else "",
                outcome,
                "La requête est rejetée." if outcome == "rejected" else "",
                "The application is dismissed." if outcome == "rejected" and title_en else "",
                summary_fr,
                summary_en,
                full_text,
                "en" if eu and rng.random() < 0.3 else "fr",
                r.proceeding is None,  # case law outside the cases: reference
            )

    def number_rows(self) -> Iterator[tuple]:
        first = self.gen.first_id(RulingNumber)
        uids = Uids(self.gen.seed, "ruling-number", first)
        for n, r in enumerate(self.rulings):
            yield (first + n, uids(), EPOCH, EPOCH, r.id, r.number)

    def citation_rows(self, total: int) -> Iterator[tuple]:
        """`total` citations between distinct rulings, no pair twice: each citing ruling gets
        a share; the cited one is a hub with probability sum(HUB_SHARES), else drawn with a
        power law over the other rulings (rank = R·u³ in a shuffled order)."""
        rng = self.gen.rng("citations")
        n = len(self.rulings)
        if n < 2 or total <= 0:
            return
        ids = [r.id for r in self.rulings]
        decided_on = [r.decided_on for r in self.rulings]
        hubs = ids[: min(HUBS, n)]
        others = ids[len(hubs) :] or ids
        order = others[:]
        rng.shuffle(order)
        hub_cum, acc = [], 0.0
        for share in HUB_SHARES[: len(hubs)]:
            acc += share
            hub_cum.append(acc)
        hub_total = acc
        treatments = [t for t, _ in TREATMENTS]
        treatment_cum, acc = [], 0.0
        for _, w in TREATMENTS:
            acc += w
            treatment_cum.append(acc)
        # Outgoing counts: each citation picks its citing ruling uniformly (capped by n - 1).
        counts = [0] * n
        randrange = rng.randrange
        for _ in range(total):
            counts[randrange(n)] += 1
        overflow = 0
        for i in range(n):
            if counts[i] > n - 1:
                overflow += counts[i] - (n - 1)
                counts[i] = n - 1
        i = 0
        while overflow and i < n:
            room = n - 1 - counts[i]
            take = min(room, overflow)
            counts[i] += take
            overflow -= take
            i += 1
        first = self.gen.first_id(Citation)
        uids = Uids(self.gen.seed, "citation", first)
        pk = first
        random_ = rng.random
        m = len(order)
        for i, citing in enumerate(ids):
            k = counts[i]
            seen = {citing}
            made = 0
            tries = 0
            while made < k:
                tries += 1
                u = random_()
                if u < hub_total and tries < 50:
                    cited = hubs[min(bisect(hub_cum, u), len(hubs) - 1)]
                elif tries < 200:
                    cited = order[int(m * random_() ** 3)]
                else:
                    cited = ids[randrange(n)]
                if cited in seen:
                    continue
                seen.add(cited)
                made += 1
                treatment = treatments[bisect(treatment_cum, random_() * acc)]
                extracted = random_() < 0.8
                yield (
                    pk,
                    uids(),
                    EPOCH,
                    EPOCH,
                    citing,
                    cited,
                    treatment,
                    f"§ {randrange(1, 120)}" if random_() < 0.3 else "",
                    "extracted" if extracted else "manual",
                    not extracted or random_() < 0.2,
                    decided_on[i],
                )
                pk += 1
