"""Import of the interchange format, all or nothing.

`import_document(document)` validates the whole file against the JSON Schema, checks that no
uid repeats, then creates or updates every record through the same rules as the admin (the
services of cases.services and citations.services, or the model's `full_clean()` where no
service exists) inside the caller's transaction. Every problem is collected with the position
of its record (`cases[0].proceedings[1].hearings[0]`) and the reason; the caller rolls back
when there is any, so that nothing is written.

Organisations (which own the cases) are matched by uid, then by slug, and never changed; an
unknown one is a problem unless `create_organisations` (commands only). A case that names no
organisation keeps its stored one, or gets `default_organisation` when new.

With a `user` (the admin upload), the import is limited to what that user may change
(cases.permissions): a member may create and change only their organisations' cases and what
hangs under them, and may refer to, but not create or change, shared reference data (courts,
topics, parties, counsel, rulings and events attached to no case); a record of another
organisation is refused, and a reference to one the user may not see is unknown. Saves go
through the services with `by=user`, so the publication workflow's rights apply and the
history names the uploader. Without a user (a command) the import is trusted.

Records are matched by uid, else by their natural keys through interchange.matching (the one
place the matching rules live, docs/interchange.md "Matching rules"); a conflict is refused with
the stored side shown only to whom may see it. A record equal to what the database holds is
left untouched, so that re-importing a file changes nothing. `provenance` and `found_in` are
stored by interchange.provenance. A refusal caused by another (a reference to a refused record)
names its root, so that reports give one line per root cause (`group_problems`). A case's
status log and a hearing's change history are taken from the file when it carries them (and
the file names the record by its uid); otherwise they are recorded by the services, as the
admin records them.

A file is refused before anything is read from it when it is not UTF-8 JSON or nests arrays
and objects more than MAX_NESTING levels deep (the format needs ten; deeper nesting would
only make the parser or the validator recurse). Texts lose the characters XML 1.0 forbids
(common.text) as the file is read, as they do in every model's `full_clean`.
"""

import datetime as dt
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import jsonschema
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import permissions, services
from cases.identifiers import (
    IdentifierError,
    normalise_celex,
    normalise_ecli,
    split_case_numbers,
    tidy_case_number,
)
from cases.models import (
    Case,
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
    StatusUpdate,
    Topic,
    VersionedModel,
)
from citations.models import Citation
from citations.services import citation_create, refreshes_deferred
from common.text import strip_forbidden_chars
from interchange.bulk_citations import CitationBulkImport
from interchange.conformance import conforms
from interchange.export import (
    CASE_FIELDS,
    CITATION_FIELDS,
    COUNSEL_FIELDS,
    COURT_FIELDS,
    EVENT_FIELDS,
    FILING_FIELDS,
    HEARING_CHANGE_FIELDS,
    HEARING_FIELDS,
    ORGANISATION_FIELDS,
    PARTY_FIELDS,
    PROCEEDING_FIELDS,
    RULING_FIELDS,
    STATUS_CHANGE_FIELDS,
    STATUS_UPDATE_FIELDS,
    TOPIC_FIELDS,
)
from interchange.format import schema
from interchange.matching import CONFLICT, Conflict, Matcher, RulingKeys, describe_row, key_name
from interchange.provenance import save_provenance
from interchange.signals import data_imported
from organisations.models import Organisation

DATE_FIELDS = {
    "changed_on",
    "posted_on",
    "expected_on",
    "lodged_on",
    "registered_on",
    "date",
    "end_date",
    "old_date",
    "new_date",
    "decided_on",
    "occurred_on",
}
TIME_FIELDS = {"start_time", "end_time", "old_start_time", "new_start_time"}
DATETIME_FIELDS = {"changed_at"}
# Deepest nesting of arrays and objects accepted (docs/interchange.md): a conforming file
# nests ten levels at most.
MAX_NESTING = 32
TOO_DEEP = f"nested too deeply: arrays and objects may nest {MAX_NESTING} levels at most"
# What may stand for a forbidden character in JSON text: the character itself (JSON allows
# no raw C0 control in a string) or its escape. A match only means the texts get cleaned.
_RAW_FORBIDDEN = re.compile("[\x7f-\x9f\ufffe\uffff]")
_ESCAPED_FORBIDDEN = re.compile(r"\\(?:[bf]|u(?:00[01]|007f|008|009|d[89a-f]|fff[ef]))", re.I)
# What a reference names, in the messages ("unknown court …").
WHAT = {
    "court": gettext_lazy("court"),
    "proceeding": gettext_lazy("proceeding"),
    "parent proceeding": gettext_lazy("parent proceeding"),
    "topic": gettext_lazy("topic"),
    "counsel": gettext_lazy("counsel"),
    "party": gettext_lazy("party"),
    "case": gettext_lazy("case"),
    "citing ruling": gettext_lazy("citing ruling"),
    "cited ruling": gettext_lazy("cited ruling"),
    "opinion_for ruling": gettext_lazy("opinion_for ruling"),
    "citing filing": gettext_lazy("citing filing"),
}
# Shared reference data without an owning organisation: curators alone create or change it.
REFERENCE_MODELS = (Court, Topic, Party, Counsel)


class ImportProblem(Exception):
    """A record that cannot be imported; `position` locates it in the file. `root`: the
    position of the record whose refusal causes this one (a reference to a refused record),
    so that a report gives one line per root cause (docs/interchange.md)."""

    def __init__(
        self, position: str, reason: str, *, root: str | None = None, conflict: bool = False
    ):
        super().__init__(f"{position}: {reason}")
        self.position = position
        self.reason = reason
        self.root = root
        self.conflict = conflict  # the record matches stored rows it contradicts


@dataclass(frozen=True)
class RootCause:
    """One line of a refusal: a refused record, its reason and the records it affects."""

    position: str
    reason: str
    affected: tuple[str, ...] = ()


def group_problems(problems: list[ImportProblem]) -> list[RootCause]:
    """One RootCause per root cause, in file order: a refused record and the records that
    refer to it make one line."""
    groups: dict[tuple[str, str], list[str]] = {}
    reasons: dict[str, str] = {}
    for problem in problems:
        if problem.root is None:
            reasons.setdefault(problem.position, problem.reason)
    for problem in problems:
        root = problem.root if problem.root in reasons else None
        if root is None:
            groups.setdefault((problem.position, problem.reason), [])
        else:
            affected = groups.setdefault((root, reasons[root]), [])
            if problem.position not in affected:
                affected.append(problem.position)
    return [RootCause(pos, reason, tuple(affected)) for (pos, reason), affected in groups.items()]


def describe(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        parts = []
        for field, messages in error.message_dict.items():
            text = " ".join(messages)
            parts.append(text if field == NON_FIELD_ERRORS else f"{field}: {text}")
        return "; ".join(parts)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def parse_value(name: str, value):
    if value is None:
        return None
    if name in DATE_FIELDS:
        return dt.date.fromisoformat(value)
    if name in TIME_FIELDS:
        return dt.time.fromisoformat(value)
    if name in DATETIME_FIELDS:
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError(f"{name}: {value!r} has no time zone")
        return parsed
    return value


def with_reference_default(model, row: dict, existing, *, attached: str) -> dict:
    """Files of earlier versions carry no `reference`: there, a ruling without proceeding or
    an event without cases was public case law, so a new one is imported as reference. A
    stored record keeps its status (cases.visibility)."""
    if "reference" in row or row.get(attached):
        return row
    stored = existing
    if stored is None and row.get("uid"):
        stored = model.objects.filter(uid=row["uid"]).first()
    return row if stored is not None else {**row, "reference": True}


def schema_problems(document) -> list[ImportProblem]:
    if conforms(document):
        return []  # jsonschema only for the messages: it is slow on large files
    if nesting_exceeds(document, MAX_NESTING):
        # A conforming file is shallow; a deep one would make jsonschema recurse.
        return [ImportProblem("document", TOO_DEEP)]
    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        position = path_text(error.absolute_path) or "document"
        message = error.message if len(error.message) < 200 else error.message[:197] + "..."
        problems.append(ImportProblem(position, message))
    return problems


def path_text(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_json(text: str | bytes, name: str = "file") -> dict:
    """The document in `text`, its texts without forbidden characters; ImportProblem(name, …)
    when it is not JSON, not UTF-8 or nested too deeply to be read."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        document = json.loads(text)
    except UnicodeDecodeError as error:
        raise ImportProblem(name, f"not UTF-8 text: {error.reason}") from None
    except json.JSONDecodeError as error:
        raise ImportProblem(
            name,
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
        ) from None
    except RecursionError:
        raise ImportProblem(name, TOO_DEEP) from None
    # isascii() is free: most files of citations need no search for raw characters.
    if (not text.isascii() and _RAW_FORBIDDEN.search(text)) or _ESCAPED_FORBIDDEN.search(text):
        document = strip_document_text(document)
    return document


def nesting_exceeds(document, limit: int) -> bool:
    """True when arrays and objects nest more than `limit` levels (read without recursion)."""
    stack = [(document, 1)] if isinstance(document, dict | list) else []
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return False


def strip_document_text(document):
    """`document` with forbidden characters stripped from every string value (keys are left:
    the schema names them all). Read without recursion, whatever the depth."""
    if isinstance(document, str):
        return strip_forbidden_chars(document)
    stack = [document] if isinstance(document, dict | list) else []
    while stack:
        node = stack.pop()
        keys = node.keys() if isinstance(node, dict) else range(len(node))
        for key in keys:
            value = node[key]
            if isinstance(value, str):
                node[key] = strip_forbidden_chars(value)
            elif isinstance(value, dict | list):
                stack.append(value)
    return document


class Importer:
    def __init__(
        self,
        document: dict,
        *,
        progress: Callable[[int, int], None] | None = None,
        user=None,
        default_organisation: Organisation | None = None,
        create_organisations: bool = False,
    ):
        self.document = document
        self.user = user
        # Curators (and commands) may change everything; members only their organisations'.
        self.restricted = user is not None and not permissions.is_curator(user)
        self.default_organisation = default_organisation
        # Creating organisations is for commands only: never on behalf of a user.
        self.create_organisations = create_organisations and user is None
        self.organisations: dict[str, Organisation] = {}
        self.problems: list[ImportProblem] = []
        self.stats: Counter = Counter()
        self.objects: dict[tuple[type, str], object] = {}
        self.rulings_by_ref: dict[str, Ruling] = {}
        self.rulings_at: dict[str, Ruling] = {}  # by position in the file
        self.progress = progress
        self.done = 0
        self.total = count_records(document)
        self.matcher = Matcher()
        # Records refused, by (model, uid): references to them are follow-ons of that refusal.
        self.refused: dict[tuple[type, str], ImportProblem] = {}
        # Per record: (position, "created" | "updated" | "unchanged" | "matched", fields).
        self.outcomes: list[tuple[str, str, tuple[str, ...]]] = []
        # Stored records matched by natural keys rather than their uid (interchange.matching).
        self.matched_by_key: set[tuple[type, int]] = set()
        self.citation_uids: set[str] | None = None  # the file's, once a citation needs them

    # Entry point.

    def run(self) -> list[ImportProblem]:
        self.problems = schema_problems(self.document)
        if self.problems:
            return self.problems
        self.check_duplicate_uids()
        if self.problems:
            return self.problems
        doc = self.document
        for i, row in enumerate(doc.get("organisations", [])):
            self.guarded(f"organisations[{i}]", self.organisation, row, f"organisations[{i}]")
        for i, row in enumerate(doc.get("courts", [])):
            self.reference_record(Court, row, f"courts[{i}]", COURT_FIELDS, self.matcher.court)
        for i, row in enumerate(doc.get("topics", [])):
            self.simple(Topic, row, f"topics[{i}]", TOPIC_FIELDS)
        for i, row in enumerate(doc.get("parties", [])):
            self.reference_record(
                Party,
                row,
                f"parties[{i}]",
                PARTY_FIELDS,
                self.matcher.party,
                save=lambda p: services.party_save(party=p),
            )
        for i, row in enumerate(doc.get("counsel", [])):
            self.simple(Counsel, row, f"counsel[{i}]", COUNSEL_FIELDS)
        for i, row in enumerate(doc.get("cases", [])):
            self.case(row, f"cases[{i}]")
        for i, row in enumerate(doc.get("cases", [])):
            for j, proceeding in enumerate(row.get("proceedings", [])):
                self.proceeding_parent(proceeding, f"cases[{i}].proceedings[{j}]")
        rulings = doc.get("rulings", [])
        for i, row in enumerate(rulings):
            self.ruling(row, f"rulings[{i}]")
        for i, row in enumerate(rulings):
            self.ruling_opinion_for(row, f"rulings[{i}]")
        for i, row in enumerate(doc.get("events", [])):
            self.event(row, f"events[{i}]")
        if self.restricted:
            for i, row in enumerate(doc.get("citations", [])):
                self.citation(row, f"citations[{i}]")
        else:
            CitationBulkImport(self).run(doc.get("citations", []))
            self.citation_provenance(doc.get("citations", []))
        return self.problems

    def citation_provenance(self, rows: list[dict]) -> None:
        """Provenance and `found_in` of citations imported in batches (which write the
        citations alone)."""
        sourced = {row["uid"].lower(): (i, row) for i, row in enumerate(rows) if has_sources(row)}
        if not sourced or self.problems:
            return
        for citation in Citation.objects.filter(uid__in=list(sourced)):
            i, row = sourced[str(citation.uid)]
            try:
                with transaction.atomic():
                    save_provenance(citation, row)
            except (ValidationError, DatabaseError) as error:
                self.problem(f"citations[{i}]", f"provenance: {describe(error)}")

    # Checks and references.

    def check_duplicate_uids(self) -> None:
        seen: dict[tuple[str, str], str] = {}
        for kind, position, row in walk(self.document):
            uid = row.get("uid")
            if not uid:
                continue
            key = (kind, uid.lower())
            if key in seen:
                self.problem(
                    position,
                    _("duplicate uid %(uid)s (also at %(at)s)") % {"uid": uid, "at": seen[key]},
                )
            else:
                seen[key] = position

    def problem(self, position: str, reason: str) -> None:
        self.problems.append(ImportProblem(position, reason))

    def ref(self, model, uid: str | None, position: str, what: str):
        """The record of `model` with `uid`, from this file or the database; None (and a
        problem) when unknown."""
        if uid is None:
            return None
        key = (model, uid.lower())
        if key in self.refused and key not in self.objects:
            root = self.refused[key]
            raise ImportProblem(position, root.reason, root=root.position)
        if key not in self.objects:
            found = model.objects.filter(uid=uid).first()
            if found is None or not self.may_see(found):
                raise ImportProblem(position, unknown(what, uid))
            self.objects[key] = found
        return self.objects[key]

    def known(self, model, uid: str | None):
        """The record of `model` with `uid` from this file or the database, or None."""
        if not uid:
            return None
        found = self.objects.get((model, uid.lower()))
        if found is None:
            found = model.objects.filter(uid=uid).first()
        return found

    def ruling_ref(self, ref: str | None, position: str, what: str) -> Ruling | None:
        """A ruling by uid or ECLI, from this file or the database."""
        if ref is None:
            return None
        key = ref.lower()
        if key in self.rulings_by_ref:
            return self.rulings_by_ref[key]
        try:
            found = Ruling.objects.filter(uid=uuid.UUID(ref)).first()
        except ValueError:
            try:
                found = Ruling.objects.filter(ecli=normalise_ecli(ref)).first()
            except IdentifierError as error:
                message = _("%(what)s: malformed ECLI %(ref)r: %(error)s")
                what_text = WHAT.get(what, what)
                raise ImportProblem(
                    position, message % {"what": what_text, "ref": ref, "error": error}
                ) from None
        if (
            found is not None
            and self.restricted
            and not self.may_see(found)
            # Any public ruling may be cited, whoever keeps it (as in the admin).
            and not Ruling.objects.public().filter(pk=found.pk).exists()
        ):
            found = None
        if found is None:
            raise ImportProblem(position, unknown(what, ref))
        self.rulings_by_ref[key] = found
        return found

    def may_see(self, obj) -> bool:
        """Whether the uploading user may see (and so refer to) a stored record."""
        if not self.restricted or type(obj) not in permissions.SCOPES:
            return True
        return permissions.can_view(self.user, obj)

    # Permissions of the uploading user.

    def owner(self, obj):
        """The organisation id owning `obj`, None, or permissions.REFERENCE."""
        if isinstance(obj, REFERENCE_MODELS):
            return permissions.REFERENCE
        if isinstance(obj, Citation):
            citing = obj.citing_ruling or obj.citing_filing
            return self.owner(citing) if citing is not None else None
        if type(obj) in permissions.SCOPES:
            return permissions.owner_of(obj)
        return None

    def authorise(self, position: str, obj, *, before, created: bool, changed: bool) -> None:
        """Refuse (ImportProblem) what a member may not do: touch another organisation's
        record, or create or change shared reference data. `before`: the stored record's
        owner (ignored when `created`); `obj`: the record as the file would leave it."""
        if not self.restricted:
            return
        what = {"what": model_name(type(obj))}
        mine = permissions.user_organisation_ids(user=self.user)
        if not created:
            if before is permissions.REFERENCE and not changed:
                return  # referring to shared reference data, unchanged: fine
            if before is permissions.REFERENCE:
                # Even into one of the user's own proceedings: taking case law over rewrites it.
                raise ImportProblem(position, shared_change_message() % what)
            if before not in mine:
                message = _(
                    "this %(what)s belongs to another organisation (or to none): "
                    "you may not change it"
                )
                raise ImportProblem(position, message % what)
        if not (created or changed):
            return
        after = self.owner(obj)
        if after is permissions.REFERENCE:
            raise ImportProblem(
                position,
                (shared_change_message() if not created else shared_create_message()) % what,
            )
        if after not in mine:
            message = _("this %(what)s would belong to an organisation you are not a member of")
            raise ImportProblem(position, message % what)

    def organisation(self, row: dict, position: str) -> None:
        """Match a file's organisation to a stored one (uid, then slug); create it only when
        told to. Existing organisations are never changed by an import."""
        self.tick()
        found = Organisation.objects.filter(uid=row["uid"]).first()
        if found is None:
            found = Organisation.objects.filter(slug=row["slug"]).first()
        if found is not None:
            self.stats[(Organisation._meta.verbose_name_plural, "matched")] += 1
            self.outcomes.append((position, "unchanged", ()))
        elif not self.create_organisations:
            message = _(
                "unknown organisation %(name)r (slug %(slug)r): it exists neither by uid nor "
                "by slug, and an import creates organisations only when told to "
                "(import_caselaw --create-organisations)"
            )
            raise ImportProblem(position, message % {"name": row["name"], "slug": row["slug"]})
        else:
            found = Organisation(uid=uuid.UUID(row["uid"]))
            for name in ORGANISATION_FIELDS:
                if name in row:
                    setattr(found, name, row[name])
            try:
                with transaction.atomic():
                    found.full_clean()
                    found.save()
            except (ValidationError, DatabaseError) as error:
                raise ImportProblem(position, describe(error)) from None
            self.stats[(Organisation._meta.verbose_name_plural, "created")] += 1
            self.outcomes.append((position, "created", ()))
        self.organisations[row["uid"].lower()] = found

    def organisation_ref(self, uid: str, position: str) -> Organisation:
        found = self.organisations.get(uid.lower())
        if found is None:
            found = Organisation.objects.filter(uid=uid).first()
        if found is None:
            raise ImportProblem(position, unknown("organisation", uid))
        if self.user is not None:
            allowed = permissions.organisation_choices(self.user).filter(pk=found.pk).exists()
            if not allowed:
                message = _("you may not assign cases to the organisation %(name)r")
                raise ImportProblem(position, message % {"name": found.name})
        return found

    # Generic create-or-update.

    def upsert(
        self,
        model,
        row: dict,
        position: str,
        field_names: tuple[str, ...],
        *,
        extra: dict | None = None,
        existing=None,
        save: Callable | None = None,
        authorise: bool = True,
    ):
        """Create or update one record; returns (object, changed). Raises ImportProblem.
        `authorise`: check the uploading user's rights here (else the caller does). A stored
        record matched by natural keys (`existing` with another uid) keeps its slug and its
        case number's spelling: they name it on this instance."""
        self.tick()
        uid = row.get("uid")
        obj = existing
        if obj is None and uid:
            obj = model.objects.filter(uid=uid).first()
        created = obj is None
        if created:
            obj = model(uid=uuid.UUID(uid)) if uid else model()
        elif uid and str(obj.uid) != uid.lower():
            field_names = tuple(n for n in field_names if n not in ("slug", "number"))
            self.matched_by_key.add((model, obj.pk))
        before = None if created or not self.restricted else self.owner(obj)
        try:
            fields = {name: parse_value(name, row[name]) for name in field_names if name in row}
        except ValueError as error:
            raise ImportProblem(position, str(error)) from None
        fields.update(extra or {})
        changing = () if created else tuple(n for n, v in fields.items() if differs(obj, n, v))
        changed = created or bool(changing)
        if changed:
            for name, value in fields.items():
                setattr(obj, name, value)
        if authorise:
            self.authorise(position, obj, before=before, created=created, changed=changed)
        if changed:
            if self.user is not None:
                obj._history_user = self.user
            try:
                with transaction.atomic():
                    if save is not None:
                        save(obj)
                    elif isinstance(obj, VersionedModel):
                        # Through the service, as the admin saves it: its version moves on
                        # and what depends on it hears of the change (cases.signals).
                        services.record_save(instance=obj, by=self.user)
                    else:
                        obj.full_clean()
                        obj.save()
            except (ValidationError, IdentifierError, DatabaseError, PermissionDenied) as error:
                raise ImportProblem(position, describe(error)) from None
        if uid:
            self.objects[(model, uid.lower())] = obj
        if has_sources(row):
            try:
                with transaction.atomic():
                    if save_provenance(obj, row):
                        changing = (*changing, "provenance")
                        changed = True
            except (ValidationError, DatabaseError) as error:
                raise ImportProblem(position, f"provenance: {describe(error)}") from None
        state = "created" if created else "updated" if changed else "unchanged"
        self.stats[(model._meta.verbose_name_plural, state)] += 1
        self.outcomes.append((position, state, changing))
        return obj, changed

    def set_m2m(self, obj, name: str, wanted: list) -> bool:
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) == {o.pk for o in wanted}:
            return False
        manager.set(wanted)
        return True

    def tick(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)

    def guarded(self, position: str, function, *args, refuses: tuple | None = None):
        """Run `function`, collecting its problem. `refuses`: (model, uid) of the record it
        imports, whose references become follow-ons of the problem."""
        try:
            return function(*args)
        except ImportProblem as problem:
            self.problems.append(problem)
            if refuses is not None and refuses[1]:
                root = (
                    problem if problem.root is None else ImportProblem(problem.root, problem.reason)
                )
                self.refused[(refuses[0], refuses[1].lower())] = root
            return None

    def unseen_is_conflict(self, match):
        """A match by natural keys with a record the uploader may not see is a conflict:
        merging into it, or refusing to, would tell them of it."""
        if match.by_natural_key and not self.may_see(match.row):
            message = _("by its %(key)s it is a stored record") % {"key": key_name(match.by)}
            match.kind = CONFLICT
            match.conflict = Conflict(message, [match.row])
        return match

    def conflict_problem(self, position: str, model, match) -> ImportProblem:
        """A conflict, with the stored side shown only to whom may see every row of it."""
        rows = match.conflict.rows
        reason = _("conflict: this %(what)s cannot be matched: %(reason)s") % {
            "what": model_name(model),
            "reason": match.conflict.reason,
        }
        if rows and all(self.may_see(row) for row in rows):
            stored = "; ".join(describe_row(row) for row in rows)
            reason += "; " + _("stored: %(rows)s") % {"rows": stored}
        elif rows:
            reason += "; " + _(
                "it conflicts with a record you may not see (another organisation's)"
            )
        return ImportProblem(position, reason, conflict=True)

    # Records.

    def simple(self, model, row, position, field_names, save=None):
        self.guarded(position, lambda: self.upsert(model, row, position, field_names, save=save))

    def reference_record(self, model, row, position, field_names, match, save=None) -> None:
        """A court or party: updated when matched by its uid; matched by its natural key
        (interchange.matching), the stored one is kept as it is, since the file names the same
        court or organisation and the stored slug and names are this instance's."""

        def work():
            found = match(row)
            if found.kind == CONFLICT:
                raise self.conflict_problem(position, model, found)
            if found.by_natural_key:
                self.tick()
                self.objects[(model, row["uid"].lower())] = found.row
                self.matched_by_key.add((model, found.row.pk))
                self.stats[(model._meta.verbose_name_plural, "matched")] += 1
                self.outcomes.append((position, "unchanged", ()))
                return found.row
            obj, _changed = self.upsert(model, row, position, field_names, save=save)
            self.matcher.remember(obj)
            return obj

        self.guarded(position, work, refuses=(model, row.get("uid")))

    def case(self, row: dict, position: str) -> None:
        def work():
            proceedings = [
                (self.known(Court, item.get("court")), item.get("number"))
                for item in row.get("proceedings", [])
            ]
            found = self.unseen_is_conflict(self.matcher.case(row, proceedings))
            if found.conflict is not None:
                raise self.conflict_problem(position, Case, found)
            extra = {}
            if found.by_natural_key:
                pass  # the stored case keeps its organisation
            elif row.get("organisation"):
                extra["organisation"] = self.organisation_ref(row["organisation"], position)
            elif found.row is None:
                extra["organisation"] = self.default_organisation
            case, _changed = self.upsert(
                Case,
                row,
                position,
                CASE_FIELDS,
                extra=extra,
                existing=found.row,
                save=lambda c: services.case_save(case=c, by=self.user),
            )
            if "topics" in row:
                topics = [self.ref(Topic, uid, position, "topic") for uid in row["topics"]]
                self.set_m2m(case, "topics", topics)
            for slug in row.get("former_slugs", []):
                alias = CaseSlugAlias.objects.filter(slug=slug).first()
                if alias is None:
                    CaseSlugAlias.objects.create(case=case, slug=slug)
                elif alias.case_id != case.pk:
                    message = _("former slug %(slug)r belongs to another case")
                    raise ImportProblem(position, message % {"slug": slug})
            return case

        case = self.guarded(position, work, refuses=(Case, row.get("uid")))
        if case is None:
            return
        # A history is the file's only for a record the file names by its uid: merged into a
        # stored case matched otherwise, the stored history stays.
        if "status_changes" in row and (Case, case.pk) not in self.matched_by_key:
            self.history(
                CaseStatusChange,
                case.status_changes.all(),
                row["status_changes"],
                f"{position}.status_changes",
                STATUS_CHANGE_FIELDS,
                {"case": case},
            )
        for i, item in enumerate(row.get("status_updates", [])):
            where = f"{position}.status_updates[{i}]"
            self.guarded(
                where,
                lambda item=item, where=where: self.upsert(
                    StatusUpdate, item, where, STATUS_UPDATE_FIELDS, extra={"case": case}
                ),
            )
        for i, item in enumerate(row.get("proceedings", [])):
            self.proceeding(case, item, f"{position}.proceedings[{i}]")

    def history(self, model, current, rows, position, field_names, extra) -> None:
        """Make a dated history (status log, hearing changes) exactly the file's."""
        wanted = {row["uid"].lower() for row in rows}
        for entry in current:
            if str(entry.uid) not in wanted:
                entry.delete()
        for i, item in enumerate(rows):
            where = f"{position}[{i}]"
            self.guarded(
                where,
                lambda item=item, where=where: self.upsert(
                    model, item, where, field_names, extra=extra
                ),
            )

    def proceeding(self, case: Case, row: dict, position: str) -> None:
        def work():
            court = self.ref(Court, row["court"], position, "court")
            found = self.matcher.proceeding(uid=row.get("uid"), court=court, number=row["number"])
            found = self.unseen_is_conflict(found)
            if found.kind == CONFLICT:
                raise self.conflict_problem(position, Proceeding, found)
            if found.by_natural_key and found.row.case_id != case.pk:
                found.conflict = Conflict(
                    _("its court and number name a stored proceeding of another case"), [found.row]
                )
                raise self.conflict_problem(position, Proceeding, found)
            proceeding, _changed = self.upsert(
                Proceeding,
                row,
                position,
                PROCEEDING_FIELDS,
                extra={"case": case, "court": court},
                existing=found.row,
            )
            return proceeding

        proceeding = self.guarded(position, work, refuses=(Proceeding, row.get("uid")))
        if proceeding is None:
            return
        for i, item in enumerate(row.get("parties", [])):
            where = f"{position}.parties[{i}]"
            self.guarded(where, self.participant, proceeding, item, where)
        for i, item in enumerate(row.get("filings", [])):
            where = f"{position}.filings[{i}]"
            self.guarded(where, self.filing, proceeding, item, where)
        for i, item in enumerate(row.get("hearings", [])):
            where = f"{position}.hearings[{i}]"
            self.guarded(where, self.hearing, proceeding, item, where)

    def proceeding_parent(self, row: dict, position: str) -> None:
        def work():
            proceeding = self.objects.get((Proceeding, row["uid"].lower()))
            if proceeding is None or "parent" not in row:
                return
            parent = self.ref(Proceeding, row["parent"], position, "parent proceeding")
            if proceeding.parent_id != (parent.pk if parent else None):
                proceeding.parent = parent
                try:
                    proceeding.full_clean()
                except ValidationError as error:
                    raise ImportProblem(position, describe(error)) from None
                proceeding.save()

        self.guarded(position, work)

    def stored_part(self, model, row: dict, proceeding, **keys):
        """In a stored proceeding matched by its court and number, the stored filing, hearing
        or party that the file's record without a known uid is (interchange.matching)."""
        if (Proceeding, proceeding.pk) not in self.matched_by_key:
            return None
        if model.objects.filter(uid=row["uid"]).exists():
            return None
        return self.matcher.part(model, proceeding, **keys)

    def participant(self, proceeding, row, position) -> None:
        party = self.ref(Party, row["party"], position, "party")
        participant, _changed = self.upsert(
            ProceedingParty,
            row,
            position,
            ("role",),
            extra={"proceeding": proceeding, "party": party},
            existing=self.stored_part(
                ProceedingParty, row, proceeding, party=party, role=row["role"]
            ),
        )
        if "counsel" in row:
            counsel = [self.ref(Counsel, uid, position, "counsel") for uid in row["counsel"]]
            self.set_m2m(participant, "counsel", counsel)

    def filing(self, proceeding, row, position) -> None:
        existing = self.stored_part(
            Filing, row, proceeding, kind=row["kind"], registered_on=row["registered_on"]
        )
        filing, _changed = self.upsert(
            Filing,
            row,
            position,
            FILING_FIELDS,
            extra={"proceeding": proceeding},
            existing=existing,
        )
        if "filed_by" in row:
            parties = [self.ref(Party, uid, position, "party") for uid in row["filed_by"]]
            self.set_m2m(filing, "filed_by", parties)

    def hearing(self, proceeding, row, position) -> None:
        fields = tuple(name for name in HEARING_FIELDS if name != "sequence")
        hearing, _changed = self.upsert(
            Hearing,
            row,
            position,
            fields,
            extra={"proceeding": proceeding},
            existing=self.stored_part(Hearing, row, proceeding, date=row["date"]),
            save=lambda h: services.hearing_save(hearing=h, by=self.user),
        )
        sequence = row.get("sequence")
        if sequence is not None and hearing.sequence != sequence:
            # The revision is the file's: calendars keep the SEQUENCE clients have seen.
            Hearing.objects.filter(pk=hearing.pk).update(sequence=sequence)
            hearing.sequence = sequence
        if "changes" in row and (Hearing, hearing.pk) not in self.matched_by_key:
            self.history(
                HearingChange,
                hearing.changes.all(),
                row["changes"],
                f"{position}.changes",
                HEARING_CHANGE_FIELDS,
                {"hearing": hearing},
            )

    def ruling(self, row: dict, position: str) -> None:
        def work():
            court = self.ref(Court, row["court"], position, "court")
            proceeding = self.ref(Proceeding, row.get("proceeding"), position, "proceeding")
            numbers = None
            if "numbers" in row:
                try:
                    # A field may hold several numbers ("174245 174246"): each is one.
                    numbers = list(
                        dict.fromkeys(
                            tidy_case_number(part)
                            for n in row["numbers"]
                            for part in split_case_numbers(n)
                        )
                    )
                except IdentifierError as error:
                    raise ImportProblem(position, f"numbers: {error}") from None
            keys = self.ruling_keys(row, court, proceeding, numbers, position)
            found = self.unseen_is_conflict(self.matcher.ruling(keys))
            if found.kind == CONFLICT:
                raise self.conflict_problem(position, Ruling, found)
            existing = found.row
            values = with_reference_default(Ruling, row, existing, attached="proceeding")
            if found.by_natural_key:
                self.matched_by_key.add((Ruling, existing.pk))
                # Its slug names it here; the file's uid, if any, is another instance's.
                values = {k: v for k, v in values.items() if k != "slug"}
            extra = {"court": court}
            if "proceeding" in row:
                extra["proceeding"] = proceeding
            joined = self.joined_proceedings(row, existing, proceeding, position)
            ruling, changed = self.upsert(
                Ruling,
                {**values, "uid": row.get("uid") or (str(existing.uid) if existing else None)},
                position,
                RULING_FIELDS,
                extra=extra,
                existing=existing,
                save=lambda r: services.ruling_save(ruling=r, numbers=numbers, by=self.user),
            )
            if not changed and numbers is not None:
                have = [n.number for n in ruling.numbers.order_by("pk")]
                if have != numbers:
                    self.authorise(
                        position, ruling, before=self.owner(ruling), created=False, changed=True
                    )
                    services.ruling_save(ruling=ruling, numbers=numbers, by=self.user)
                    self.outcomes[-1] = (position, "updated", ("numbers",))
            if joined is not None:
                stored = set(ruling.joined_proceedings.values_list("pk", flat=True))
                if stored != {p.pk for p in joined}:
                    self.authorise(
                        position, ruling, before=self.owner(ruling), created=False, changed=True
                    )
                    self.set_m2m(ruling, "joined_proceedings", joined)
                    if self.outcomes and self.outcomes[-1][1] == "unchanged":
                        self.outcomes[-1] = (position, "updated", ("joined_proceedings",))
            self.rulings_at[position] = ruling
            self.rulings_by_ref[str(ruling.uid)] = ruling
            if ruling.ecli:
                self.rulings_by_ref[ruling.ecli.lower()] = ruling
            if row.get("uid"):
                self.rulings_by_ref[row["uid"].lower()] = ruling

        self.guarded(position, work, refuses=(Ruling, row.get("uid")))

    def ruling_keys(self, row, court, proceeding, numbers, position) -> RulingKeys:
        """What identifies the file's ruling (interchange.matching), its identifiers in their
        normal form."""
        try:
            ecli = normalise_ecli(row["ecli"]) if row.get("ecli") else ""
        except IdentifierError as error:
            raise ImportProblem(position, f"ecli: {error}") from None
        try:
            celex = normalise_celex(row["celex"]) if row.get("celex") else ""
        except IdentifierError as error:
            raise ImportProblem(position, f"celex: {error}") from None
        try:
            decided_on = dt.date.fromisoformat(row["decided_on"])
        except ValueError as error:
            raise ImportProblem(position, f"decided_on: {error}") from None
        if not numbers and proceeding is not None and proceeding.number:
            numbers = [proceeding.number]
        provenance = row.get("provenance")
        first = (
            (provenance[0] if provenance else {}) if isinstance(provenance, list) else provenance
        )
        return RulingKeys(
            court=court,
            kind=row["kind"],
            decided_on=decided_on,
            uid=row.get("uid"),
            source=(first or {}).get("source", ""),
            source_id=(first or {}).get("source_id", ""),
            ecli=ecli,
            celex=celex,
            numbers=numbers or [],
        )

    def joined_proceedings(self, row, existing, proceeding, position) -> list[Proceeding] | None:
        """The other proceedings of a judgment on joined cases; None when the file leaves
        them out (a stored ruling keeps its own). `proceeding`: the file's main one."""
        if "joined_proceedings" not in row:
            return None
        if "proceeding" not in row:  # the stored ruling keeps its main proceeding
            stored = existing or Ruling.objects.filter(uid=row.get("uid") or None).first()
            proceeding = stored.proceeding if stored else None
        joined = [
            self.ref(Proceeding, uid, position, "joined proceeding")
            for uid in row["joined_proceedings"]
        ]
        if joined and proceeding is None:
            raise ImportProblem(
                position, "joined_proceedings: a ruling on joined cases needs its `proceeding`"
            )
        if proceeding is not None and proceeding in joined:
            raise ImportProblem(
                position, "joined_proceedings: the main `proceeding` is not joined to itself"
            )
        return list(dict.fromkeys(joined))

    def ruling_opinion_for(self, row: dict, position: str) -> None:
        def work():
            if "opinion_for" not in row:
                return
            ruling = self.rulings_at.get(position)
            if ruling is None:
                return
            judgment = self.ruling_ref(row["opinion_for"], position, "opinion_for ruling")
            if ruling.opinion_for_id != (judgment.pk if judgment else None):
                ruling.opinion_for = judgment
                self.authorise(
                    position, ruling, before=self.owner(ruling), created=False, changed=True
                )
                try:
                    services.ruling_save(ruling=ruling, by=self.user)
                except (ValidationError, PermissionDenied) as error:
                    raise ImportProblem(position, describe(error)) from None

        self.guarded(position, work)

    def event(self, row: dict, position: str) -> None:
        def work():
            cases = None
            if "cases" in row:
                cases = [self.ref(Case, uid, position, "case") for uid in row["cases"]]
            values = with_reference_default(Event, row, None, attached="cases")
            if self.restricted:
                self.authorise_event(values, position, cases)
            event, _changed = self.upsert(Event, values, position, EVENT_FIELDS, authorise=False)
            if cases is not None:
                self.set_m2m(event, "cases", cases)

        self.guarded(position, work)

    def authorise_event(self, row: dict, position: str, cases: list[Case] | None) -> None:
        """An event belongs to an organisation when all its cases do; one attached to no case
        is shared reference data (curators only)."""
        what = {"what": model_name(Event)}
        mine = permissions.user_organisation_ids(user=self.user)
        stored = Event.objects.filter(uid=row["uid"]).first()
        if row.get("reference") is True and not (stored is not None and stored.reference):
            message = _("only curators may make this %(what)s a reference fact (public)")
            raise ImportProblem(position, message % what)
        if stored is not None:
            try:
                fields = {
                    name: parse_value(name, row[name]) for name in EVENT_FIELDS if name in row
                }
            except ValueError as error:
                raise ImportProblem(position, str(error)) from None
            changed = any(differs(stored, name, value) for name, value in fields.items())
            stored_cases = list(stored.cases.all())
            if cases is not None:
                changed = changed or {c.pk for c in cases} != {c.pk for c in stored_cases}
            before = self.owner(stored)
            if before is permissions.REFERENCE:
                if changed:
                    raise ImportProblem(position, shared_change_message() % what)
                return
            if before not in mine:
                message = _("this %(what)s belongs to another organisation: you may not change it")
                raise ImportProblem(position, message % what)
            if not changed:
                return
            wanted = cases if cases is not None else stored_cases
        else:
            wanted = cases or []
        if not wanted:
            if stored is None:
                message = _(
                    "this %(what)s is attached to no case, so it is shared reference data: "
                    "only curators may create it"
                )
            else:
                message = _(
                    "this %(what)s is attached to no case, so it is shared reference data: "
                    "only curators may change it"
                )
            raise ImportProblem(position, message % what)
        if any(case.organisation_id not in mine for case in wanted):
            message = _("this %(what)s would belong to an organisation you are not a member of")
            raise ImportProblem(position, message % what)

    def stored_citation_of_pair(self, pair: dict):
        """The stored citation linking the same citing item and cited ruling, when the file
        merged that citing item by natural keys (a record from elsewhere: its citation of the
        same ruling is the stored one; docs/interchange.md, "Matching rules"). Not one the
        file itself holds, whose place the file decides."""
        if self.citation_uids is None:
            self.citation_uids = file_uids(self.document.get("citations", []))
        citing = pair["citing_ruling"] or pair["citing_filing"]
        if citing is None or (type(citing), citing.pk) not in self.matched_by_key:
            return None  # a record the file names by its uid: its citations are the file's
        found = Citation.objects.filter(**pair).first()
        if found is None or str(found.uid) in self.citation_uids:
            return None
        return found

    def citation(self, row: dict, position: str) -> None:
        def work():
            citing_ruling = self.ruling_ref(row.get("citing_ruling"), position, "citing ruling")
            citing_filing = self.ref(Filing, row.get("citing_filing"), position, "citing filing")
            cited = self.ruling_ref(row["cited"], position, "cited ruling")
            extra = {"citing_ruling": citing_ruling, "citing_filing": citing_filing, "cited": cited}
            existing = Citation.objects.filter(uid=row["uid"]).first()
            if existing is None:
                existing = self.stored_citation_of_pair(extra)
            if existing is not None:
                self.upsert(
                    Citation, row, position, CITATION_FIELDS, extra=extra, existing=existing
                )
                return
            probe = Citation(citing_ruling=citing_ruling, citing_filing=citing_filing, cited=cited)
            self.authorise(position, probe, before=None, created=True, changed=True)
            self.tick()
            try:
                with transaction.atomic():
                    citation = citation_create(
                        citing=citing_ruling or citing_filing,
                        cited=cited,
                        **{name: row[name] for name in CITATION_FIELDS if name in row},
                    )
                    Citation.objects.filter(pk=citation.pk).update(uid=row["uid"])
            except (ValidationError, DatabaseError, PermissionDenied) as error:
                raise ImportProblem(position, describe(error)) from None
            self.stats[(Citation._meta.verbose_name_plural, "created")] += 1

        self.guarded(position, work)


def file_uids(rows: list[dict]) -> set[str]:
    return {row["uid"].lower() for row in rows if row.get("uid")}


def has_sources(row: dict) -> bool:
    return "provenance" in row or "found_in" in row


def unknown(what: str, ref) -> str:
    message = _("unknown %(what)s %(ref)s (not in the file nor in the database)")
    what_text = _("organisation") if what == "organisation" else WHAT.get(what, what)
    return message % {"what": what_text, "ref": ref}


def shared_change_message() -> str:
    return _(
        "this %(what)s is shared reference data: only curators may change it (refer to the "
        "stored one unchanged)"
    )


def shared_create_message() -> str:
    return _(
        "this %(what)s is shared reference data: only curators may create it (refer to the "
        "stored one unchanged)"
    )


def model_name(model) -> str:
    """The model's name in the messages, in the language of the import."""
    return str(model._meta.verbose_name)


def differs(obj, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def walk(document: dict):
    """(kind, position, record) for every record of the document."""
    for kind in (
        "organisations",
        "courts",
        "topics",
        "parties",
        "counsel",
        "rulings",
        "events",
        "citations",
    ):
        for i, row in enumerate(document.get(kind, [])):
            yield kind, f"{kind}[{i}]", row
    for i, case in enumerate(document.get("cases", [])):
        where = f"cases[{i}]"
        yield "cases", where, case
        for key in ("status_changes", "status_updates"):
            for j, row in enumerate(case.get(key, [])):
                yield key, f"{where}.{key}[{j}]", row
        for j, proceeding in enumerate(case.get("proceedings", [])):
            at = f"{where}.proceedings[{j}]"
            yield "proceedings", at, proceeding
            for key in ("parties", "filings", "hearings"):
                for k, row in enumerate(proceeding.get(key, [])):
                    yield f"proceeding_{key}", f"{at}.{key}[{k}]", row
                    for m, change in enumerate(row.get("changes", []) if key == "hearings" else []):
                        yield "hearing_changes", f"{at}.{key}[{k}].changes[{m}]", change


def count_records(document) -> int:
    try:
        return sum(1 for _ in walk(document))
    except (AttributeError, TypeError):
        return 0


def import_document(
    document,
    *,
    progress=None,
    user=None,
    default_organisation: Organisation | None = None,
    create_organisations: bool = False,
    outcomes: list | None = None,
) -> tuple[list[ImportProblem], Counter]:
    """Import `document` inside the caller's transaction; the caller rolls back on problems.
    `user`: the uploading user, whose rights limit the import (None: a trusted command).
    `outcomes`: a list to receive (position, "created" | "updated" | "unchanged", fields)
    per record (citations, imported in batches, are counted only)."""
    if not isinstance(document, dict):
        return [ImportProblem("document", "the file must hold a JSON object")], Counter()
    importer = Importer(
        document,
        progress=progress,
        user=user,
        default_organisation=default_organisation,
        create_organisations=create_organisations,
    )
    # The citation data the rows' changes move (cited-by counts, citing dates) is refreshed
    # once, in bulk, at the end rather than row by row.
    with refreshes_deferred():
        problems = importer.run()
    if outcomes is not None:
        outcomes.extend(importer.outcomes)
    return problems, importer.stats


def import_all_or_nothing(
    document, *, dry_run: bool = False, language: str = "en", **options
) -> tuple[list[ImportProblem], Counter]:
    """Import `document` in its own transaction, rolled back when there is any problem or on a
    dry run: the one entry point of the import command and the admin upload. Its messages,
    the models' validation messages included, are in `language` (docs/interchange.md)."""
    with translation.override(language), transaction.atomic():
        problems, stats = import_document(document, **options)
        if problems or dry_run:
            transaction.set_rollback(True)
        else:
            # The bulk paths (COPY) send no model signal: one event for the whole import.
            data_imported.send(sender=Importer, stats=stats)
    return problems, stats
