"""Right to erasure (GDPR art. 17) of a natural person recorded as a party.

The party row stays, so that every case keeps its parties, roles, filings and pseudonym letters
in order of appearance; its name becomes a neutral placeholder, its website is emptied, it is no
longer marked as named by the court and its slug is rebuilt from its uid. Every text column of
the project's tables that mentions the person's full name (case-insensitively, also in the
"SURNAME Given names" order), current rows and django-simple-history tables alike, plus the
admin's change log, is rewritten: the name becomes the letters the person has in that row's
case (cases.selectors.case_party_names), or the placeholder where the row belongs to no case, or
to several in which the person has different letters.

Rows are rewritten with `QuerySet.update()`, which writes no history row: history never records
the name again. Current rows get a new `version` (an editor's form opened before the erasure,
which still holds the name, is refused as stale) and a new `updated_at` (the public data file and
anything keyed on it are regenerated). An ErasureRecord logs who, when and which party key,
never the name.

Models are found through the app registry by label, not imported: the citations app depends on
cases, never the reverse.
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cases import public_data, selectors
from cases.models import (
    Case,
    CaseSlugAlias,
    ErasureRecord,
    Party,
    TrackedModel,
    VersionedModel,
)
from cases.services import unique_slug

PLACEHOLDER = "Personne effacée"
PLACEHOLDER_EN = "Erased person"

# Apps whose tables hold what editors write (their historical models included).
SCANNED_APPS = ("cases", "citations", "organisations", "alerts")

# How a row reaches its case, by model label: ORM paths to Case, tried in order.
CASE_PATHS: dict[str, tuple[str, ...]] = {
    "cases.case": ("pk",),
    "cases.proceeding": ("case",),
    "cases.proceedingparty": ("proceeding__case",),
    "cases.casestatuschange": ("case",),
    "cases.casepublicationchange": ("case",),
    "cases.caseslugalias": ("case",),
    "cases.casechange": ("case",),
    "cases.filing": ("proceeding__case",),
    "cases.hearing": ("proceeding__case",),
    "cases.hearingchange": ("hearing__proceeding__case",),
    "cases.ruling": ("proceeding__case",),
    "cases.rulingnumber": ("ruling__proceeding__case",),
    "cases.statusupdate": ("case",),
    "cases.event": ("cases",),
    "citations.citation": ("citing_ruling__proceeding__case", "citing_filing__proceeding__case"),
}

# Never rewritten: the party itself (handled on its own), and the erasure log.
SKIPPED = {"cases.party", "cases.erasurerecord"}


class ErasureRefused(ValidationError):
    """The party cannot be erased: not a natural person, or erased already."""


@dataclass
class Rewrite:
    """New values for the text columns of one row that mention the person."""

    model: type[models.Model]
    pk: object
    changes: dict[str, str]
    delete: bool = False


@dataclass
class ErasurePlan:
    """What erasing `party` rewrites; computed without writing anything."""

    party: Party
    rewrites: list[Rewrite] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Rows to rewrite by model label (the party row not included)."""
        return dict(sorted(Counter(r.model._meta.label_lower for r in self.rewrites).items()))

    @property
    def lines(self) -> list[tuple[str, int]]:
        """(verbose name, count) for the confirmation page and the command, party first."""
        by_model = Counter((r.model, r.delete) for r in self.rewrites)
        lines = [(str(Party._meta.verbose_name), 1)]
        for (model, delete), count in sorted(
            by_model.items(), key=lambda item: (item[0][0]._meta.label_lower, item[0][1])
        ):
            name = str(model._meta.verbose_name_plural)
            lines.append((_("%(model)s (deleted)") % {"model": name} if delete else name, count))
        return lines

    @property
    def total(self) -> int:
        return len(self.rewrites)


# Matching ---------------------------------------------------------------------------------


def plain_variants(name: str) -> list[str]:
    """A full name as entered, and surname first ("DUPONT Jean")."""
    tokens = name.split()
    variants = [" ".join(tokens)]
    if len(tokens) > 1:
        variants.append(" ".join([tokens[-1], *tokens[:-1]]))
    return variants


def name_variants(name: str) -> list[str]:
    """The forms of a full name searched for in texts: the plain variants, and those as JSON
    strings, where non-ASCII letters are \\u escapes (the admin's change log)."""
    variants = plain_variants(name)
    return variants + [json.dumps(v)[1:-1] for v in variants if json.dumps(v)[1:-1] != v]


def name_pattern(name: str) -> re.Pattern:
    """Any variant, case-insensitive, any run of white space between words, whole words only
    (a hyphen continues a word: erasing "Jean Dupont" leaves "Jean Dupont-Martin")."""
    alternatives = [r"\s+".join(re.escape(t) for t in v.split(" ")) for v in name_variants(name)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


def slug_forms(name: str) -> list[str]:
    """The name as a slug carries it: "odile-vasseur", "vasseur-odile"."""
    return sorted({slugify(v) for v in plain_variants(name)} - {""})


def slug_pattern(name: str) -> re.Pattern:
    """The slug forms of the name between hyphens or the ends of a slug."""
    alternatives = "|".join(re.escape(f) for f in slug_forms(name))
    return re.compile(r"(?<![a-z0-9])(?:" + alternatives + r")(?![a-z0-9])")


def _prefilter(fields: list[models.Field], name: str) -> Q:
    """Rows that may mention the name. `icontains` folds case on PostgreSQL; SQLite's LIKE folds
    ASCII only, so the usual casings of a name with accents are searched too."""
    forms = set()
    for variant in name_variants(name):
        forms |= {variant, variant.upper(), variant.lower(), variant.title()}
    q = Q()
    for f in fields:
        for form in sorted(forms):
            q |= Q(**{f"{f.name}__icontains": form})
    return q


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


def _scanned_models() -> list[type[models.Model]]:
    found = [LogEntry]
    for label in SCANNED_APPS:
        if label in {config.label for config in apps.get_app_configs()}:
            found += [
                m
                for m in apps.get_app_config(label).get_models()
                if m._meta.label_lower not in SKIPPED and not m._meta.proxy
            ]
    return found


# Case context -----------------------------------------------------------------------------


def _instance_model(model):
    """The model a historical model records, or the model itself."""
    return getattr(model, "instance_type", model)


class _Context:
    """Case ids of rows and the letters of the person in each case, cached."""

    def __init__(self, party: Party):
        self.party = party
        self._letters: dict[int, str | None] = {}

    def letters_in(self, case_id: int) -> str | None:
        if case_id not in self._letters:
            participants = selectors.case_participants(case=Case(pk=case_id))
            for participant in participants:
                if participant.party_id == self.party.pk:
                    # Letters as after the erasure: the name is no longer published.
                    participant.party.name_published_by_court = False
            names = selectors.case_party_names(case=Case(pk=case_id), participants=participants)
            self._letters[case_id] = names.get(self.party.pk)
        return self._letters[case_id]

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
        paths = CASE_PATHS.get(instance_model._meta.label_lower, ())
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
        for path in CASE_PATHS.get(model._meta.label_lower, ()):
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


def _log_entry_model(content_type_id):
    entry = LogEntry(content_type_id=content_type_id)
    try:
        model = entry.content_type.model_class()
    except LookupError:
        return None
    if model is None or model._meta.label_lower not in CASE_PATHS:
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


def erasure_plan(*, party: Party) -> ErasurePlan:
    """Every row that erasing `party` rewrites, with its new texts; writes nothing.

    Raises ErasureRefused for a party that is not a natural person or was erased already."""
    _check(party)
    plan = ErasurePlan(party=party)
    pattern = name_pattern(party.name)
    context = _Context(party)
    for model in _scanned_models():
        fields = _text_fields(model)
        if not fields:
            continue
        extra = ["id"] if _instance_model(model) is not model else []
        if model is LogEntry:
            extra = ["content_type_id", "object_id"]
        extra += [
            f.attname
            for f in model._meta.concrete_fields
            if f.is_relation and f.attname not in extra
        ]
        rows = list(
            model._default_manager.filter(_prefilter(fields, party.name))
            .order_by("pk")
            .values("pk", *dict.fromkeys([*extra, *(f.attname for f in fields)]))
        )
        matching = []
        for row in rows:
            changes = {
                f.attname: row[f.attname]
                for f in fields
                if row[f.attname] and pattern.search(row[f.attname])
            }
            if changes:
                matching.append((row, changes))
        if not matching:
            continue
        case_ids = context.case_ids(model, [row for row, _c in matching])
        for row, changes in matching:
            new = {}
            for f in fields:
                if f.attname not in changes:
                    continue
                replacement = _replacement(context, case_ids[row["pk"]], f.name)
                # A function, so that the replacement is taken literally.
                text = pattern.sub(lambda _m, r=replacement: r, changes[f.attname])
                new[f.attname] = text[: f.max_length] if f.max_length else text
            plan.rewrites.append(Rewrite(model=model, pk=row["pk"], changes=new))
    _plan_slugs(plan, context)
    return plan


def _plan_slugs(plan: ErasurePlan, context: _Context) -> None:
    """Slugs that carry the name ("odile-vasseur-c-ministre") get the letters instead
    ("c-d-c-ministre"): a URL is public output too. A former slug kept for redirection that
    carries the name is deleted, its old URL then answers 404, as it must. Unique slugs stay
    unique."""
    forms = slug_forms(plan.party.name)
    if not forms:
        return
    pattern = slug_pattern(plan.party.name)
    rewritten = {(r.model, r.pk): r for r in plan.rewrites}
    planned: set[tuple[type, str]] = set()
    for model in _scanned_models():
        fields = _slug_fields(model)
        if not fields:
            continue
        q = Q()
        for f in fields:
            for form in forms:
                q |= Q(**{f"{f.name}__contains": form})
        extra = ["id"] if _instance_model(model) is not model else []
        extra += [f.attname for f in model._meta.concrete_fields if f.is_relation]
        rows = list(
            model._default_manager.filter(q)
            .order_by("pk")
            .values("pk", *dict.fromkeys([*extra, *(f.attname for f in fields)]))
        )
        rows = [r for r in rows if any(pattern.search(r[f.attname] or "") for f in fields)]
        if not rows:
            continue
        if model is CaseSlugAlias:
            plan.rewrites += [
                Rewrite(model=model, pk=r["pk"], changes={}, delete=True) for r in rows
            ]
            continue
        case_ids = context.case_ids(model, rows)
        for row in rows:
            rewrite = rewritten.get((model, row["pk"]))
            if rewrite is None:
                rewrite = Rewrite(model=model, pk=row["pk"], changes={})
                plan.rewrites.append(rewrite)
            for f in fields:
                if not pattern.search(row[f.attname] or ""):
                    continue
                letters = slugify(_replacement(context, case_ids[row["pk"]], f.name))
                slug = pattern.sub(lambda _m, r=letters: r, row[f.attname])
                if f.unique and _instance_model(model) is model:
                    base, n = slug, 1
                    slug = unique_slug(model, base, max_length=f.max_length, exclude_pk=row["pk"])
                    while (model, slug) in planned:  # two rows of this plan ending the same
                        n += 1
                        slug = unique_slug(
                            model, f"{base}-{n}", max_length=f.max_length, exclude_pk=row["pk"]
                        )
                    planned.add((model, slug))
                rewrite.changes[f.attname] = slug[: f.max_length]


@transaction.atomic
def erase_person(*, party: Party, by=None, dry_run: bool = False) -> ErasurePlan:
    """Erase `party`'s identifying data everywhere, history included, in one transaction.

    `by` is the user acting (None from the command line). With `dry_run` nothing is written:
    the plan says what would be."""
    party = Party.objects.select_for_update().get(pk=party.pk)
    plan = erasure_plan(party=party)
    if dry_run:
        return plan
    now = timezone.now()
    for rewrite in plan.rewrites:
        values = dict(rewrite.changes)
        if issubclass(rewrite.model, VersionedModel):
            values["version"] = F("version") + 1
        if issubclass(rewrite.model, TrackedModel):
            values["updated_at"] = now
        rows = rewrite.model._default_manager.filter(pk=rewrite.pk)
        if rewrite.delete:
            rows.delete()
        else:
            rows.update(**values)
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
    transaction.on_commit(_discard_public_data_files)
    plan.party = party
    return plan


def _discard_public_data_files() -> None:
    """The published data file may quote the erased texts: drop it, the next request for it
    generates a new one."""
    directory = Path(public_data.data_dir())
    if directory.is_dir():
        for path in directory.glob(f"{public_data.PREFIX}*"):
            path.unlink(missing_ok=True)
