"""Right to erasure (GDPR art. 17) of a natural person recorded as a party.

The party row stays, so that every case keeps its parties, roles, filings and pseudonym letters
in order of appearance; its name becomes a neutral placeholder, its website is emptied, it is no
longer marked as named by the court and its slug is rebuilt from its uid.

Every text and slug column of the data apps' tables (current rows and django-simple-history
tables alike, other party rows included) and the admin's change log is searched for every form
of the name (NameMatcher): accents and case folded, given names and surname in either order, a
civility or the initials before the surname, the surname alone. Each occurrence is a *hit*:
- certain: the full name anywhere; a civility or initials with the surname in the person's own
  cases (or in a row naming her in full); the surname alone in the person's own cases when no
  other party there shares it, or in a row naming her in full;
- possible: the rest (a "M. Martin" in another case may be someone else).
The curator sees every hit (ErasurePlan.hits) and confirms which are rewritten; certain hits are
the default. A hit becomes the letters the person has in that row's case
(cases.selectors.case_party_names), or the placeholder where the row belongs to no case, or to
several in which the person has different letters; a civility before it is kept ("M. C... D...").

Rows are narrowed by a database query on the surname (a regular expression that accepts every
accented or escaped form of its letters, on SQLite and PostgreSQL alike), then matched in
Python on the accent-folded text.

Rows are rewritten with `QuerySet.update()`, which writes no history row: history never records
the name again. Current rows get a new `version` (an editor's form opened before the erasure,
which still holds the name, is refused as stale) and a new `updated_at` (the public data file and
anything keyed on it are regenerated). Once committed, the public data files are deleted (the
interchange app listens to `cases.signals.parties_erased`) and every stored page of the page
cache, of every generation, is deleted (the page cache listens to the same event).
An ErasureRecord logs who, when and which party key, never the name.

The models searched are imported and listed here (SCANNED_MODELS): this app sits above every
app whose tables hold what editors write (privacy/__init__.py).
"""

import functools
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.models import Delivery, Subscriber, Subscription
from cases import selectors
from cases.models import (
    Case,
    CaseChange,
    CasePublicationChange,
    CaseSlugAlias,
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
    RulingNumber,
    StatusUpdate,
    Topic,
    TrackedModel,
    VersionedModel,
)
from cases.services import unique_slug
from cases.signals import parties_erased
from citations.models import Citation
from organisations.models import Membership, Organisation
from privacy.models import ErasureRecord

PLACEHOLDER = "Personne effacée"
PLACEHOLDER_EN = "Erased person"

# How a row reaches its case: ORM paths to Case, tried in order (for a historical model, those
# of the model it records).
CASE_PATHS: dict[type[models.Model], tuple[str, ...]] = {
    Case: ("pk",),
    Proceeding: ("case",),
    ProceedingParty: ("proceeding__case",),
    CaseStatusChange: ("case",),
    CasePublicationChange: ("case",),
    CaseSlugAlias: ("case",),
    CaseChange: ("case",),
    Filing: ("proceeding__case",),
    Hearing: ("proceeding__case",),
    HearingChange: ("hearing__proceeding__case",),
    Ruling: ("proceeding__case",),
    RulingNumber: ("ruling__proceeding__case",),
    StatusUpdate: ("case",),
    Event: ("cases",),
    Citation: ("citing_ruling__proceeding__case", "citing_filing__proceeding__case"),
}

# The admin's confirmation page lists at most this many possible hits per person (certain ones
# are always listed); the command lists them all.
POSSIBLE_LISTED = 300

# Kinds of hit.
FULL = "full"
SHORT = "short"
SURNAME = "surname"
KIND_LABELS = {
    FULL: gettext_lazy("full name"),
    SHORT: gettext_lazy("civility or initials with the surname"),
    SURNAME: gettext_lazy("surname alone"),
}

# Civilities before a surname, accent-folded: abbreviations (a dot or a space after them) and
# words (a space after them).
CIVILITY_ABBREVIATIONS = (
    "m", "mm", "mr", "mme", "mmes", "mlle", "mlles", "melle", "me", "mes", "dr", "pr", "mrs",
    "ms", "mx",
)  # fmt: skip
CIVILITY_WORDS = (
    "monsieur", "madame", "mademoiselle", "maitre", "docteur", "professeur", "miss", "mister",
    "sir", "madam", "doctor", "professor",
)  # fmt: skip
# Lower-case words that begin a surname ("Marie de La Tour", "Ludwig van Beethoven").
PARTICLES = {
    "de", "du", "des", "del", "della", "der", "den", "di", "da", "do", "dos", "das", "van",
    "von", "le", "la", "les", "ben", "bin", "ibn", "al", "el", "ter", "ten", "zu", "y",
}  # fmt: skip


class ErasureRefused(ValidationError):
    """The party cannot be erased: not a natural person, or erased already."""


class ErasureChanged(ErasureRefused):
    """The hits are no longer those the curator confirmed: a text changed meanwhile."""


# Folding ----------------------------------------------------------------------------------

_PUNCTUATION = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
}  # fmt: skip
_LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "\u0131": "i"}
# A JSON string's escape of a non-ASCII letter (the admin log's change messages).
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    ch = _PUNCTUATION.get(ch, ch)
    decomposed = unicodedata.normalize("NFKD", ch)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(_LIGATURES.get(c, c) for c in folded)


@dataclass
class Folded:
    """A text without accents, in lower case, JSON escapes decoded, and where each of its
    characters comes from in the original (None: the same place)."""

    text: str
    folded: str
    starts: list[int] | None = None
    ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span [start, end)."""
        if self.starts is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def fold(text: str) -> Folded:
    if text.isascii() and "\\u" not in text:
        return Folded(text, text.lower())
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        escape = _ESCAPE.match(text, i) if text[i] == "\\" else None
        ch, j = (chr(int(escape.group(1), 16)), escape.end()) if escape else (text[i], i + 1)
        out = _fold_char(ch)
        if not out and ends:
            ends[-1] = j  # a lone combining accent goes with the letter before it
        for c in out:
            chars.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    return Folded(text, "".join(chars), starts, ends)


# Matching ---------------------------------------------------------------------------------


def split_name(name: str) -> tuple[list[str], list[str]]:
    """(given names, surname) of a full name: the words in capitals if some are ("DUPONT Jean"),
    else from a particle on ("Marie de La Tour"), else the last word."""
    tokens = name.split()
    if len(tokens) < 2:
        return [], tokens
    caps = [i for i, t in enumerate(tokens) if t.isupper() and sum(c.isalpha() for c in t) > 1]
    if (
        caps
        and len(caps) < len(tokens)
        and caps == list(range(caps[0], caps[-1] + 1))
        and (caps[0] == 0 or caps[-1] == len(tokens) - 1)
    ):
        return tokens[: caps[0]] + tokens[caps[-1] + 1 :], tokens[caps[0] : caps[-1] + 1]
    for i in range(1, len(tokens) - 1):
        if fold(tokens[i]).folded in PARTICLES:
            return tokens[:i], tokens[i:]
    return tokens[:-1], tokens[-1:]


SEPARATOR = r"[\s-]+"
REVERSED_SEPARATOR = r"(?:\s*,\s*|[\s-]+)"


def _word_re(word: str) -> str:
    """A folded word as a pattern: a hyphen or space in it matches either, an apostrophe may
    be followed by a space."""
    parts = []
    for c in word:
        if c == "-" or c.isspace():
            parts.append(SEPARATOR)
        elif c == "'":
            parts.append(r"'\s*")
        elif c == ".":
            parts.append(r"\.?\s*")
        else:
            parts.append(re.escape(c))
    return "".join(parts)


@dataclass
class NameMatch:
    kind: str
    start: int
    end: int
    text: str
    civility: str = ""  # as written, spaces included: kept before the replacement


class NameMatcher:
    """Every form of one person's name in a text, or in a slug."""

    def __init__(self, name: str):
        given, surname = split_name(name)
        given = [fold(t).folded for t in given]
        surname = [fold(t).folded for t in surname]
        self.surname = " ".join(surname)
        s = SEPARATOR.join(_word_re(t) for t in surname)
        full, short = [], []
        slug_full, slug_short = [], []
        if given:
            forms = [given] + ([given[:1]] if len(given) > 1 else [])
            for g_words in forms:
                g = SEPARATOR.join(_word_re(t) for t in g_words)
                full += [f"{g}{SEPARATOR}{s}", f"{s}{REVERSED_SEPARATOR}{g}"]
                slug_full += [slugify(f"{' '.join(g_words)} {self.surname}")]
                slug_full += [slugify(f"{self.surname} {' '.join(g_words)}")]
            initials = [p[0] for t in given for p in re.split(r"[-'\s.]+", t) if p]
            ini = re.escape(initials[0]) + r"\.?"
            ini += "".join(rf"(?:[\s-]*{re.escape(i)}\.?)?" for i in initials[1:])
            short += [rf"{ini}(?:(?<=\.)\s*|\s+){s}", rf"{s},?\s+{ini}"]
            slug_short += [f"{initials[0]}-{slugify(self.surname)}"]
            slug_short += [f"{slugify(self.surname)}-{initials[0]}"]
        civility = (
            r"(?:(?:"
            + "|".join(CIVILITY_ABBREVIATIONS)
            + r")(?:\.\s*|\s+)|(?:"
            + "|".join(CIVILITY_WORDS)
            + r")\s+)"
        )
        alternatives = []
        if full:
            alternatives.append(f"(?P<full>{'|'.join(full)})")
        alternatives.append(f"(?P<civility>{civility}){s}")
        if short:
            alternatives.append(f"(?P<short>{'|'.join(short)})")
        alternatives.append(f"(?P<surname>{s})")
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
        slug_surname = slugify(self.surname)
        self.slug_surname = slug_surname
        slug_civility = "|".join(CIVILITY_ABBREVIATIONS + CIVILITY_WORDS)
        slug_alternatives = []
        if slug_full:
            slug_alternatives.append(f"(?P<full>{'|'.join(map(re.escape, slug_full))})")
        slug_short.append(f"(?:{slug_civility})-{re.escape(slug_surname)}")
        slug_alternatives.append(f"(?P<short>{'|'.join(slug_short)})")
        slug_alternatives.append(f"(?P<surname>{re.escape(slug_surname)})")
        self.slug_pattern = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(slug_alternatives) + r")(?![a-z0-9])"
        )

    def find(self, text: str) -> list[NameMatch]:
        if not text or not self.surname:
            return []
        folded = fold(text)
        found = []
        for m in self.pattern.finditer(folded.folded):
            start, end = folded.span(m.start(), m.end())
            if m.group("full") is not None:
                kind, civility = FULL, ""
            elif m.group("surname") is not None:
                kind, civility = SURNAME, ""
            else:
                kind, civility = SHORT, ""
                if m.group("civility") is not None:
                    c_start, c_end = folded.span(m.start("civility"), m.end("civility"))
                    civility = text[c_start:c_end]
            found.append(NameMatch(kind, start, end, text[start:end], civility))
        return found

    def find_in_slug(self, slug: str) -> list[NameMatch]:
        if not slug or not self.slug_surname:
            return []
        found = []
        for m in self.slug_pattern.finditer(slug):
            kind = next(k for k in (FULL, SHORT, SURNAME) if m.group(k) is not None)
            found.append(NameMatch(kind, m.start(), m.end(), m.group()))
        return found

    @functools.cached_property
    def db_regex(self) -> str:
        """A regular expression for the database (SQLite's Python `re` and PostgreSQL's
        alike) that every text holding the surname, in any casing or accents, or as JSON
        escapes, matches; it may match more (the rows are then matched in Python)."""
        parts = []
        for c in self.surname:
            if c.isalnum():
                variants = sorted({c, c.upper()} | _accented().get(c, set()))
                escaped = sorted(
                    {f"\\\\u{ord(v):04{x}}" for v in variants if not v.isascii() for x in "xX"}
                )
                # Combining accents may follow a letter (text in decomposed form).
                parts.append("(" + "|".join(variants + escaped) + ")[\u0300-\u036f]*")
            elif c.isspace() or c in "-'.":
                parts.append("(.|\n){0,6}")
            else:
                parts.append("(.|\n){1,6}")
        return "".join(parts)


# Unicode blocks whose letters may carry accents: Latin-1 to Latin Extended-B, Greek,
# Cyrillic, Latin Extended Additional.
_ACCENTED_BLOCKS = ((0xC0, 0x250), (0x370, 0x400), (0x400, 0x500), (0x1E00, 0x1F00))


@functools.cache
def _accented() -> dict[str, set[str]]:
    """The letters (both cases, accented or not) that fold to each letter."""
    table: dict[str, set[str]] = defaultdict(set)
    for first, end in _ACCENTED_BLOCKS:
        for code in range(first, end):
            ch = chr(code)
            folded = _fold_char(ch)
            if len(folded) == 1 and folded.isalpha():
                table[folded].add(ch)
    return dict(table)


# Hits and plans ---------------------------------------------------------------------------


@dataclass
class Hit:
    """One occurrence of the person's name in one column of one row."""

    model: type[models.Model]
    pk: object
    field: str  # the column's attname
    index: int  # the how-manyth hit in that column
    start: int
    end: int
    kind: str
    certain: bool
    text: str  # the column's whole value
    replacement: str
    record: str  # the row as the curator knows it ("#12", "#12, history #40")
    slug: bool = False

    @property
    def id(self) -> str:
        return f"{self.model._meta.label_lower}:{self.pk}:{self.field}:{self.index}"

    @property
    def matched(self) -> str:
        return self.text[self.start : self.end]

    @property
    def snippet(self) -> tuple[str, str, str]:
        """(before, the match, after): a few words around the match."""
        return _around(self.text, self.start, self.end)

    @property
    def model_label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def field_label(self) -> str:
        for f in self.model._meta.concrete_fields:
            if f.attname == self.field:
                return str(f.verbose_name)
        return self.field

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def deletes(self) -> bool:
        """A former slug kept for redirection that carries the name goes as a whole."""
        return self.model is CaseSlugAlias


def _around(text: str, start: int, end: int, width: int = 50) -> tuple[str, str, str]:
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    if start > width:
        before = "…" + before
    if end + width < len(text):
        after += "…"
    return before, text[start:end], after


def masked_snippet(hit: Hit, hits: list[Hit]) -> str:
    """The words around `hit` with every hit of its column masked, the name never printed
    (the command's output stays in terminals and logs)."""
    text, start, end = hit.text, hit.start, hit.end
    for other in sorted(hits, key=lambda h: h.start, reverse=True):
        if other.field != hit.field or other.pk != hit.pk or other.model is not hit.model:
            continue
        mask = "[…]" if other is not hit else "[[…]]"
        text = text[: other.start] + mask + text[other.end :]
        if other.start < start:
            shift = len(mask) - (other.end - other.start)
            start, end = start + shift, end + shift
        elif other is hit:
            end = start + len(mask)
    before, middle, after = _around(text, start, end, width=40)
    return " ".join(f"{before}{middle}{after}".split())


@dataclass
class ErasurePlan:
    """Every hit of `party`'s name; what erasing it rewrites (`selected`, the certain hits
    unless chosen otherwise). Computed without writing anything."""

    party: Party
    hits: list[Hit] = field(default_factory=list)
    omitted: int = 0  # possible hits not listed (over POSSIBLE_LISTED)
    selected: list[Hit] = field(default_factory=list)
    # A digest of every hit, listed or not: the confirmation page sends it back, so that ticked
    # ids are applied only to the hits the curator saw (an edit meanwhile may shift them).
    fingerprint: str = ""

    def choose(self, ids=None, *, include_possible: bool = False) -> None:
        """Select the hits with these ids (unknown ids are ignored), or by default the certain
        hits, and the possible ones too with `include_possible`."""
        if ids is None:
            self.selected = [h for h in self.hits if h.certain or include_possible]
        else:
            wanted = set(ids)
            self.selected = [h for h in self.hits if h.id in wanted]

    @property
    def certain(self) -> list[Hit]:
        return [h for h in self.hits if h.certain]

    @property
    def possible(self) -> list[Hit]:
        return [h for h in self.hits if not h.certain]

    def _rows(self) -> dict[tuple[type, object], bool]:
        rows: dict[tuple[type, object], bool] = {}
        for hit in self.selected:
            rows[(hit.model, hit.pk)] = hit.deletes
        return rows

    @property
    def counts(self) -> dict[str, int]:
        """Rows to rewrite by model label (the party row not included)."""
        return dict(sorted(Counter(m._meta.label_lower for m, _pk in self._rows()).items()))

    @property
    def lines(self) -> list[tuple[str, int]]:
        """(verbose name, count) for the confirmation page and the command, party first."""
        by_model = Counter((model, delete) for (model, _pk), delete in self._rows().items())
        lines = [(str(Party._meta.verbose_name), 1)]
        for (model, delete), count in sorted(
            by_model.items(), key=lambda item: (item[0][0]._meta.label_lower, item[0][1])
        ):
            name = str(model._meta.verbose_name_plural)
            lines.append((_("%(model)s (deleted)") % {"model": name} if delete else name, count))
        return lines

    @property
    def total(self) -> int:
        """Rows to rewrite or delete, the party row not included."""
        return len(self._rows())


def _slug_fields(model) -> list[models.SlugField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.SlugField)]


def _text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.SlugField | models.URLField | models.EmailField)
        and not f.choices
        and not f.primary_key
    ]


def _history(model: type[models.Model]) -> type[models.Model]:
    """The historical model django-simple-history keeps for `model`."""
    return model.history.model


def _scanned_models() -> list[type[models.Model]]:
    """Every table that holds what editors write, historical ones included: the admin's log,
    and the models of cases, citations, organisations and alerts (tests/privacy checks that
    no model of theirs with a text or slug field is missing). Not the erasure log (this app's
    ErasureRecord). The erased party's own row is reset on its own; other party rows are
    searched like any other (the same person entered twice)."""
    return [
        LogEntry,
        Court,
        Party,
        Counsel,
        Topic,
        _history(Case),
        Case,
        CasePublicationChange,
        CaseSlugAlias,
        CaseStatusChange,
        _history(Proceeding),
        Proceeding,
        ProceedingParty,
        _history(Filing),
        Filing,
        _history(Hearing),
        Hearing,
        HearingChange,
        _history(Ruling),
        Ruling,
        RulingNumber,
        CaseChange,
        _history(StatusUpdate),
        StatusUpdate,
        _history(Event),
        Event,
        _history(Citation),
        Citation,
        Organisation,
        Membership,
        Subscriber,
        Subscription,
        Delivery,
    ]


# Case context -----------------------------------------------------------------------------


def _instance_model(model):
    """The model a historical model records, or the model itself."""
    return getattr(model, "instance_type", model)


class _Context:
    """Case ids of rows and the letters of the person in each case, cached."""

    def __init__(self, party: Party, matcher: NameMatcher):
        self.party = party
        self.matcher = matcher
        self._letters: dict[int, str | None] = {}
        self._shared: dict[int, bool] = {}
        self.own_cases = set(
            ProceedingParty.objects.filter(party=party).values_list(
                "proceeding__case_id", flat=True
            )
        ) - {None}

    def _participants(self, case_id: int):
        participants = selectors.case_participants(case=Case(pk=case_id))
        for participant in participants:
            if participant.party_id == self.party.pk:
                # Letters as after the erasure: the name is no longer published.
                participant.party.name_published_by_court = False
        return participants

    def letters_in(self, case_id: int) -> str | None:
        if case_id not in self._letters:
            participants = self._participants(case_id)
            names = selectors.case_party_names(case=Case(pk=case_id), participants=participants)
            self._letters[case_id] = names.get(self.party.pk)
            # Another party of the case bears the surname: "M. Quasimodo" may be them.
            self._shared[case_id] = any(
                self.matcher.find(p.party.name) for p in participants if p.party_id != self.party.pk
            )
        return self._letters[case_id]

    def surname_shared(self, case_ids: set[int]) -> bool:
        for case_id in case_ids:
            self.letters_in(case_id)
        return any(self._shared[case_id] for case_id in case_ids)

    def is_own(self, model, row: dict, case_ids: set[int]) -> bool:
        """The row is about the person: it belongs to one of her cases, or records her party."""
        if case_ids & self.own_cases:
            return True
        if model is LogEntry:
            return str(row["object_id"]) == str(self.party.pk) and (
                _log_entry_model_class(row["content_type_id"]) is Party
            )
        return _instance_model(model) is Party and row.get("id") == self.party.pk

    def case_ids(self, model, rows: list[dict]) -> dict[object, set[int]]:
        """Case ids of each row (keyed by the row's own pk)."""
        result: dict[object, set[int]] = defaultdict(set)
        if model is LogEntry:
            for row in rows:
                target = _log_entry_model(row["content_type_id"])
                if target is not None and str(row["object_id"]).isdigit():
                    found = self._current_case_ids(target, [int(row["object_id"])])
                    result[row["pk"]] |= found.get(int(row["object_id"]), set())
            return result
        instance_model = _instance_model(model)
        paths = CASE_PATHS.get(instance_model, ())
        if not paths:
            return result
        if instance_model is model:
            return self._current_case_ids(model, [row["pk"] for row in rows])
        # A historical row: its record's case now, or through the keys it recorded if deleted.
        current = self._current_case_ids(instance_model, [row["id"] for row in rows])
        for row in rows:
            result[row["pk"]] = current.get(row["id"]) or self._recorded_case_ids(
                instance_model, paths, row
            )
        return result

    def _current_case_ids(self, model, pks: list) -> dict[object, set[int]]:
        result: dict[object, set[int]] = defaultdict(set)
        for path in CASE_PATHS.get(model, ()):
            lookup = "pk" if path == "pk" else path
            for pk, case_id in model._default_manager.filter(pk__in=pks).values_list("pk", lookup):
                if case_id is not None:
                    result[pk].add(case_id)
        return result

    def _recorded_case_ids(self, model, paths, row: dict) -> set[int]:
        found = set()
        for path in paths:
            first, _sep, rest = path.partition("__")
            if path == "pk":
                found.add(row["id"])
                continue
            relation = model._meta.get_field(first)
            if not relation.concrete or relation.many_to_many:
                continue
            key = row.get(relation.attname)
            if key is None:
                continue
            if not rest:
                found.add(key)
            else:
                related = relation.related_model._default_manager.filter(pk=key)
                found |= {c for c in related.values_list(rest, flat=True) if c is not None}
        return found


def _log_entry_model_class(content_type_id):
    try:  # ContentType's manager caches these
        return ContentType.objects.get_for_id(content_type_id).model_class()
    except (ContentType.DoesNotExist, LookupError):
        return None


def _log_entry_model(content_type_id):
    model = _log_entry_model_class(content_type_id)
    if model is None or model not in CASE_PATHS:
        return None
    return model


def _replacement(context: _Context, case_ids: set[int], field_name: str) -> str:
    letters = {context.letters_in(case_id) for case_id in case_ids} - {None}
    if len(letters) == 1:
        return letters.pop()
    return PLACEHOLDER_EN if field_name.endswith("_en") else PLACEHOLDER


# Plan and erase ---------------------------------------------------------------------------


def _check(party: Party) -> None:
    if not party.is_natural_person:
        raise ErasureRefused(
            _("Only a natural person's data can be erased; %(party)s is not one.")
            % {"party": party},
            code="not_natural_person",
        )
    if ErasureRecord.objects.filter(party_pk=party.pk).exists():
        raise ErasureRefused(
            _("Party #%(pk)s was erased already.") % {"pk": party.pk}, code="erased_already"
        )


def _record(model, row: dict) -> str:
    if _instance_model(model) is not model:
        return _("#%(pk)s, history #%(history)s") % {"pk": row["id"], "history": row["pk"]}
    if model is LogEntry:
        return _("#%(pk)s (about %(object)s #%(id)s)") % {
            "pk": row["pk"],
            "object": _log_entry_label(row["content_type_id"]),
            "id": row["object_id"],
        }
    return f"#{row['pk']}"


def _log_entry_label(content_type_id) -> str:
    model = _log_entry_model_class(content_type_id)
    return str(model._meta.verbose_name) if model is not None else "?"


def erasure_plan(
    *, party: Party, possible_limit: int | None = None, lock: bool = False
) -> ErasurePlan:
    """Every hit of `party`'s name, with its replacement; writes nothing. The certain hits are
    selected. With `possible_limit`, possible hits past that many are counted, not listed. With
    `lock` (in a transaction), the rows read are locked until it ends: an edit made meanwhile
    would otherwise be overwritten by the texts read here, or bring the name back.

    Raises ErasureRefused for a party that is not a natural person or was erased already."""
    _check(party)
    plan = ErasurePlan(party=party)
    matcher = NameMatcher(party.name)
    if not matcher.surname:
        return plan
    context = _Context(party, matcher)
    listed_possible = 0
    digest = hashlib.sha256()
    for model in _scanned_models():
        texts, slugs = _text_fields(model), _slug_fields(model)
        if not texts and not slugs:
            continue
        q = Q()
        for f in texts:
            q |= Q(**{f"{f.name}__regex": matcher.db_regex})
        for f in slugs:
            q |= Q(**{f"{f.name}__contains": matcher.slug_surname})
        rows = model._default_manager.filter(q)
        if model is Party:
            rows = rows.exclude(pk=party.pk)  # reset as a whole below
        if lock:
            rows = rows.select_for_update()
        extra = ["id"] if _instance_model(model) is not model else []
        if model is LogEntry:
            extra = ["content_type_id", "object_id"]
        extra += [
            f.attname
            for f in model._meta.concrete_fields
            if f.is_relation and f.attname not in extra
        ]
        columns = [f.attname for f in (*texts, *slugs)]
        found = []
        for row in rows.order_by("pk").values("pk", *dict.fromkeys([*extra, *columns])):
            matches = [(f, False, matcher.find(row[f.attname] or "")) for f in texts]
            matches += [(f, True, matcher.find_in_slug(row[f.attname] or "")) for f in slugs]
            matches = [m for m in matches if m[2]]
            if matches:
                found.append((row, matches))
        if not found:
            continue
        case_ids = context.case_ids(model, [row for row, _m in found])
        for row, matches in found:
            ids = case_ids[row["pk"]]
            named = any(m.kind == FULL for f, slug, ms in matches if not slug for m in ms)
            # Near the person (her case, or a row naming her in full), the surname alone or a
            # civility is her, unless another party of that case bears the surname too.
            near = named or context.is_own(model, row, ids)
            alone = near and not context.surname_shared(ids)
            record = _record(model, row)
            for f, slug, ms in matches:
                replacement = _replacement(context, ids, f.name)
                for index, m in enumerate(ms):
                    if m.kind == FULL:
                        certain = True
                    elif m.kind == SHORT:
                        certain = alone if m.civility else near
                    else:
                        certain = alone
                    digest.update(
                        f"{model._meta.label_lower}:{row['pk']}:{f.attname}:{index}:{m.start}:"
                        f"{m.end}:{m.kind}:{certain}:{m.text}\n".encode()
                    )
                    if not certain:
                        listed_possible += 1
                        if possible_limit is not None and listed_possible > possible_limit:
                            plan.omitted += 1
                            continue
                    plan.hits.append(
                        Hit(
                            model=model,
                            pk=row["pk"],
                            field=f.attname,
                            index=index,
                            start=m.start,
                            end=m.end,
                            kind=m.kind,
                            certain=certain,
                            text=row[f.attname],
                            replacement=slugify(replacement) if slug else m.civility + replacement,
                            record=record,
                            slug=slug,
                        )
                    )
    plan.fingerprint = digest.hexdigest()[:32]
    plan.choose()
    return plan


def _apply(hits: list[Hit]) -> None:
    """Rewrite the selected hits, row by row, from the texts the plans read. Hits of several
    persons' plans may overlap ("Paul Quasimodo" is also the surname of Zéphyrin Quasimodo):
    the one starting first, or the longer, is kept."""
    now = timezone.now()
    by_row: dict[tuple[type, object], list[Hit]] = defaultdict(list)
    for hit in hits:
        by_row[(hit.model, hit.pk)].append(hit)
    planned: set[tuple[type, str]] = set()
    for (model, pk), row_hits in by_row.items():
        rows = model._default_manager.filter(pk=pk)
        if model is CaseSlugAlias:
            rows.delete()
            continue
        by_field: dict[str, list[Hit]] = defaultdict(list)
        for hit in row_hits:
            by_field[hit.field].append(hit)
        values = {}
        for attname, field_hits in by_field.items():
            f = next(f for f in model._meta.concrete_fields if f.attname == attname)
            kept: list[Hit] = []
            for hit in sorted(field_hits, key=lambda h: (h.start, -h.end)):
                if not kept or hit.start >= kept[-1].end:
                    kept.append(hit)
            text = field_hits[0].text
            for hit in reversed(kept):
                # Slices, so that the replacement is taken literally.
                text = text[: hit.start] + hit.replacement + text[hit.end :]
            if field_hits[0].slug:
                text = re.sub(r"-{2,}", "-", text).strip("-") or "item"
                if f.unique and _instance_model(model) is model:
                    text = _unique_slug(model, text, f.max_length, pk, planned)
            values[attname] = text[: f.max_length] if f.max_length else text
        if issubclass(model, VersionedModel):
            values["version"] = F("version") + 1
        if issubclass(model, TrackedModel):
            values["updated_at"] = now
        rows.update(**values)


def _unique_slug(model, base: str, max_length: int, pk, planned: set) -> str:
    slug, n = unique_slug(model, base, max_length=max_length, exclude_pk=pk), 1
    while (model, slug) in planned:  # two rows of this plan ending the same
        n += 1
        slug = unique_slug(model, f"{base}-{n}", max_length=max_length, exclude_pk=pk)
    planned.add((model, slug))
    return slug


def erase_person(
    *,
    party: Party,
    by=None,
    dry_run: bool = False,
    selected=None,
    include_possible: bool = False,
) -> ErasurePlan:
    """Erase `party`'s identifying data everywhere, history included, in one transaction.

    `selected`: ids of the hits the curator confirmed (ErasurePlan.hits; ids that are no hit
    are ignored); by default the certain hits, and the possible ones with `include_possible`.
    `by` is the user acting (None from the command line). With `dry_run` nothing is written:
    the plan says what would be."""
    return erase_persons(
        [(party, selected)], by=by, dry_run=dry_run, include_possible=include_possible
    )[0]


@transaction.atomic
def erase_persons(
    choices: list[tuple[Party, list[str] | None]],
    *,
    by=None,
    dry_run: bool = False,
    include_possible: bool = False,
    fingerprints: dict | None = None,
) -> list[ErasurePlan]:
    """Erase several persons at once: (party, ids of its confirmed hits or None) each. Every
    plan is made before anything is written, so that the hit ids the curator saw still name
    the same hits when two persons share a text (a couple, one surname).

    `fingerprints`: party pk to the plan fingerprint the curator confirmed; ErasureChanged is
    raised, and nothing written, when a plan is no longer that one."""
    parties = Party.objects.select_for_update().in_bulk([party.pk for party, _s in choices])
    plans = []
    for party, selected in choices:
        if party.pk not in parties:  # deleted meanwhile
            raise ErasureRefused(_("Party #%(pk)s no longer exists.") % {"pk": party.pk})
        plan = erasure_plan(party=parties[party.pk], lock=not dry_run)
        if fingerprints is not None and fingerprints.get(party.pk) != plan.fingerprint:
            raise ErasureChanged(
                _(
                    "The texts naming %(party)s changed since the hits were listed: "
                    "check them again."
                )
                % {"party": f"#{party.pk}"},
                code="changed",
            )
        plan.choose(selected, include_possible=include_possible)
        # An erased party's own row is reset as a whole below.
        plan.selected = [h for h in plan.selected if not (h.model is Party and h.pk in parties)]
        plans.append(plan)
    if dry_run:
        return plans
    _apply([hit for plan in plans for hit in plan.selected])
    for plan in plans:
        party = plan.party
        party.name = PLACEHOLDER
        party.website = ""
        party.name_published_by_court = False
        party.slug = unique_slug(Party, f"person-{party.uid.hex[:8]}", exclude_pk=party.pk)
        party.full_clean()
        party.save()
        ErasureRecord.objects.create(
            party_pk=party.pk,
            erased_by=by if by is not None and by.is_authenticated else None,
            via=ErasureRecord.Via.COMMAND if by is None else ErasureRecord.Via.ADMIN,
            rows_rewritten=plan.total,
            counts=plan.counts,
        )
    # Copies kept outside the tables (the public data file) are dropped by their owners.
    parties_erased.send(sender=Party, parties=[plan.party for plan in plans])
    return plans
