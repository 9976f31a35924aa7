"""Which stored row a record from a file or a source is: the matching rules of
docs/interchange.md ("Matching rules"), in one place for `import_caselaw`, the admin upload and
the source connectors.

A `Matcher` answers, for one record, a `Match`: `new` (nothing stored is this record), `same` or
`update` (this row, with the fields that would change), or `conflict` (the record's keys point
to two rows, or its kind or date contradicts the row its identifier names: refused, never
merged). It reads and never writes, so that a connector can match one record and write it in
its own transaction:

    match = Matcher().ruling(RulingKeys(court=court, kind="order", decided_on=day,
                                        numbers=["450163"], source="dila-jade",
                                        source_id="CETATEXT000043261301"), values)

Rules, strongest key first:
* ruling: uid, else the source's own identifier, else ECLI, else CELEX, else (court, case
  number, kind, decision date). A match by one of the four identifiers whose court, kind or
  date differs is a conflict. Case numbers are compared in one form per court
  (cases.identifiers.case_number_key); a stored ruling carrying another ECLI or CELEX than the
  record is another decision, whatever its number;
* court: uid, else its ECLI court code (cases.identifiers.ECLI_COURT_CODES: CE, CEORD, CESEC…
  are one court), else country and accent-folded name;
* party: uid, else an organisation or public body by kind and folded name; a natural person
  never by name (two "M. A..." are two people; within a file, references are uids);
* case: uid, else slug, else the one stored case holding its proceedings;
* proceeding: uid, else (court, case number).
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.identifiers import (
    case_number_key,
    ecli_court_codes,
    ecli_court_key,
    fold_name,
    split_case_numbers,
)
from cases.models import Case, Court, Party, Proceeding, Ruling, RulingNumber
from interchange.models import SourceRecord

NEW, SAME, UPDATE, CONFLICT = "new", "same", "update", "conflict"
# The keys a match is made by (Match.by), as messages name them.
KEY_NAMES = {
    "uid": gettext_lazy("uid"),
    "source identifier": gettext_lazy("source identifier"),
    "ECLI": "ECLI",
    "CELEX": "CELEX",
    "ECLI court code": gettext_lazy("ECLI court code"),
    "name": gettext_lazy("name"),
    "slug": gettext_lazy("slug"),
    "proceedings": gettext_lazy("proceedings"),
    "court and number": gettext_lazy("court and number"),
    "court, number, kind and date": gettext_lazy("court, number, kind and date"),
    "court": gettext_lazy("court"),
    "kind": gettext_lazy("kind"),
    "date": gettext_lazy("date"),
}


def key_name(by: str) -> str:
    return str(KEY_NAMES.get(by, by))


def and_list(names) -> str:
    return _(" and ").join(key_name(n) for n in names)


STRONG_RULING_KEYS = ("uid", "source identifier", "ECLI", "CELEX")


@dataclass
class Conflict:
    """Why a record cannot be matched; `rows` are the stored rows involved, which a message
    shows only to whom may see them."""

    reason: str
    rows: list = field(default_factory=list)


@dataclass
class Match:
    kind: str
    row: object | None = None
    by: str = ""  # the key that matched: "uid", "ECLI", "natural key", "slug", "name"…
    differences: dict = field(default_factory=dict)  # field -> (stored, new)
    conflict: Conflict | None = None

    @property
    def by_natural_key(self) -> bool:
        """Matched by something else than the record's own uid: the stored row keeps what
        names it (uid, slug)."""
        return self.row is not None and self.by != "uid"


@dataclass
class RulingKeys:
    court: Court
    kind: str
    decided_on: dt.date
    uid: str | None = None
    source: str = ""
    source_id: str = ""
    ecli: str = ""
    celex: str = ""
    numbers: list[str] = field(default_factory=list)


def conflict(reason: str, *rows) -> Match:
    return Match(CONFLICT, conflict=Conflict(reason, [r for r in rows if r is not None]))


def differences(row, values: dict) -> dict:
    """The fields of `values` that differ from `row`: name -> (stored, new)."""
    changed = {}
    for name, value in values.items():
        model_field = row._meta.get_field(name)
        if model_field.is_relation:
            stored = getattr(row, model_field.attname)
            value = value.pk if value is not None else None
        else:
            stored = getattr(row, name)
        if stored != value:
            changed[name] = (stored, value)
    return changed


def settle(match: Match, values: dict | None) -> Match:
    """`match` with its kind made same/update by comparing the stored row to `values`."""
    if match.kind == CONFLICT or match.row is None or values is None:
        return match
    match.differences = differences(match.row, values)
    match.kind = UPDATE if match.differences else SAME
    return match


def court_key(court) -> tuple[str, str] | None:
    return ecli_court_key(court.country, court.ecli_code)


def number_keys(numbers, court) -> set[str]:
    key = court_key(court) if court is not None else None
    return {
        case_number_key(part, court=key)
        for number in numbers
        for part in split_case_numbers(number)
    }


class Matcher:
    """Matches records one at a time; keeps the look-ups an import repeats (courts, parties by
    name), so `remember` what you create with it."""

    def __init__(self):
        self._parties_by_name: dict[tuple[str, str], list[int]] | None = None

    # Courts.

    def court(self, fields: dict, values: dict | None = None) -> Match:
        by_uid = by_uid_row(Court, fields.get("uid"))
        country = (fields.get("country") or "").upper()
        by_key, by = None, ""
        codes = ecli_court_codes(country, fields.get("ecli_code") or "")
        if codes:
            found = list(Court.objects.filter(country=country, ecli_code__in=codes)[:2])
            if len(found) > 1:
                if by_uid is not None:
                    return settle(Match(SAME, by_uid, "uid"), values)
                message = _("its ECLI court code %(code)s names several stored courts")
                return conflict(message % {"code": fields["ecli_code"]}, *found)
            by_key, by = (found[0], "ECLI court code") if found else (None, "")
        if by_key is None:
            names = {fold_name(fields.get(n) or "") for n in ("name_fr", "name_en")} - {""}
            own = ecli_court_key(country, fields.get("ecli_code") or "")
            found = [
                court
                for court in Court.objects.filter(country=country)
                if names & {fold_name(court.name_fr), fold_name(court.name_en)}
                and (own is None or court_key(court) in (None, own))
            ]
            if len(found) > 1:
                if by_uid is not None:
                    return settle(Match(SAME, by_uid, "uid"), values)
                return conflict(_("its name names several stored courts"), *found)
            by_key, by = (found[0], "name") if found else (None, "")
        if by_uid is not None and by_key is not None and by_key.pk != by_uid.pk:
            message = _("its uid names one stored court and its %(key)s another")
            return conflict(message % {"key": key_name(by)}, by_uid, by_key)
        if by_uid is not None:
            return settle(Match(SAME, by_uid, "uid"), values)
        if by_key is not None:
            return settle(Match(SAME, by_key, by), values)
        return Match(NEW)

    # Parties.

    def party(self, fields: dict, values: dict | None = None) -> Match:
        by_uid = by_uid_row(Party, fields.get("uid"))
        if by_uid is not None:
            return settle(Match(SAME, by_uid, "uid"), values)
        if fields.get("kind") == Party.Kind.NATURAL_PERSON:
            return Match(NEW)  # never by name: two "M. A..." are two people
        pks = self.parties_by_name().get((fields.get("kind"), fold_name(fields.get("name"))), [])
        if len(pks) > 1:
            return conflict(
                _("its kind and name match several stored parties"),
                *Party.objects.filter(pk__in=pks),
            )
        if pks:
            return settle(Match(SAME, Party.objects.get(pk=pks[0]), "name"), values)
        return Match(NEW)

    def parties_by_name(self) -> dict:
        if self._parties_by_name is None:
            self._parties_by_name = {}
            rows = Party.objects.exclude(kind=Party.Kind.NATURAL_PERSON).values_list(
                "pk", "kind", "name"
            )
            for pk, kind, name in rows:
                self._parties_by_name.setdefault((kind, fold_name(name)), []).append(pk)
        return self._parties_by_name

    def remember(self, obj) -> None:
        """Tell the matcher of a row written since it was made."""
        known = self._parties_by_name
        if isinstance(obj, Party) and known is not None and not obj.is_natural_person:
            pks = known.setdefault((obj.kind, fold_name(obj.name)), [])
            if obj.pk not in pks:
                pks.append(obj.pk)

    # Cases and proceedings.

    def proceeding(self, *, uid, court, number, values: dict | None = None) -> Match:
        by_uid = by_uid_row(Proceeding, uid)
        found = stored_proceedings(court, number)
        if len(found) > 1:
            message = _("its case number %(number)s matches several stored proceedings")
            return conflict(message % {"number": number}, *found)
        by_key = found[0] if found else None
        if by_uid is not None and by_key is not None and by_key.pk != by_uid.pk:
            return conflict(
                _("its uid names one stored proceeding and its court and number another"),
                by_uid,
                by_key,
            )
        if by_uid is not None:
            return settle(Match(SAME, by_uid, "uid"), values)
        if by_key is not None:
            return settle(Match(SAME, by_key, "court and number"), values)
        return Match(NEW)

    def case(self, fields: dict, proceedings=(), values: dict | None = None) -> Match:
        """`proceedings`: the (court, number) of the case's proceedings in the file."""
        by_uid = by_uid_row(Case, fields.get("uid"))
        by_slug = Case.objects.filter(slug=fields["slug"]).first() if fields.get("slug") else None
        holders = {}
        for court, number in proceedings:
            for proceeding in stored_proceedings(court, number):
                holders.setdefault(proceeding.case_id, proceeding.case)
        candidates = {"uid": by_uid, "slug": by_slug}
        if len(holders) > 1:
            return conflict(
                _("its proceedings belong to several stored cases"), by_uid, *holders.values()
            )
        if holders:
            candidates["proceedings"] = next(iter(holders.values()))
        rows = {by: row for by, row in candidates.items() if row is not None}
        if len({row.pk for row in rows.values()}) > 1:
            message = _("its %(keys)s name different stored cases")
            return conflict(message % {"keys": and_list(rows)}, *rows.values())
        if not rows:
            return Match(NEW)
        by, row = next(iter(rows.items()))
        return settle(Match(SAME, row, by), values)

    def part(self, model, proceeding, **keys):
        """The one stored filing (kind, registration date), hearing (date) or party to the
        proceeding (party, role) of a stored proceeding; None when none or several."""
        found = list(model.objects.filter(proceeding=proceeding, **keys)[:2])
        return found[0] if len(found) == 1 else None

    # Rulings.

    def ruling(self, keys: RulingKeys, values: dict | None = None) -> Match:
        strong = []
        if keys.uid:
            strong.append(("uid", by_uid_row(Ruling, keys.uid)))
        if keys.source and keys.source_id:
            strong.append(("source identifier", ruling_by_source_id(keys.source, keys.source_id)))
        if keys.ecli:
            strong.append(("ECLI", Ruling.objects.filter(ecli=keys.ecli).first()))
        if keys.celex:
            strong.append(("CELEX", Ruling.objects.filter(celex=keys.celex).order_by("pk").first()))
        strong = [(by, row) for by, row in strong if row is not None]
        if len({row.pk for _by, row in strong}) > 1:
            named = ", ".join(key_name(by) for by, _row in strong)
            return conflict(
                _("its identifiers (%(keys)s) name different stored rulings") % {"keys": named},
                *[row for _by, row in strong],
            )
        natural = self.rulings_by_natural_key(keys)
        if strong:
            by, row = strong[0]
            contradiction = identity_contradiction(row, keys)
            if contradiction:
                message = _(
                    "its %(key)s names a stored ruling of another %(what)s (in the record: "
                    "%(kind)s of %(date)s, court %(court)s): a different decision cannot "
                    "replace it"
                )
                facts = {
                    "key": key_name(by),
                    "what": and_list(contradiction),
                    "kind": keys.kind,
                    "date": keys.decided_on,
                    "court": keys.court.slug,
                }
                return conflict(message % facts, row)
            others = [r for r in natural if r.pk != row.pk and not r.ecli and not keys.ecli]
            if others:
                message = _(
                    "its %(key)s names one stored ruling and its court, number, kind and date "
                    "another"
                )
                return conflict(
                    message % {"key": key_name(by)},
                    row,
                    *others,
                )
            return settle(Match(SAME, row, by), values)
        if len(natural) > 1:
            return conflict(
                _("its court, case number, kind and date match several stored rulings"),
                *natural,
            )
        if natural:
            return settle(Match(SAME, natural[0], "court, number, kind and date"), values)
        return Match(NEW)

    def rulings_by_natural_key(self, keys: RulingKeys) -> list[Ruling]:
        wanted = number_keys(keys.numbers, keys.court)
        if not wanted or keys.court is None or keys.court.pk is None:
            return []
        candidates = Ruling.objects.filter(
            court=keys.court, kind=keys.kind, decided_on=keys.decided_on
        ).prefetch_related(Prefetch("numbers", queryset=RulingNumber.objects.order_by("pk")))
        found = []
        for ruling in candidates:
            # Another ECLI or CELEX is another decision, whatever its number.
            if keys.ecli and ruling.ecli and ruling.ecli != keys.ecli:
                continue
            if keys.celex and ruling.celex and ruling.celex != keys.celex:
                continue
            if wanted & number_keys([n.number for n in ruling.numbers.all()], keys.court):
                found.append(ruling)
        return found


def by_uid_row(model, uid):
    if not uid:
        return None
    return model.objects.filter(uid=uid).first()


def ruling_by_source_id(source: str, source_id: str) -> Ruling | None:
    record = SourceRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Ruling), source=source, source_id=source_id
    ).first()
    return Ruling.objects.filter(pk=record.object_id).first() if record else None


def stored_proceedings(court, number: str) -> list[Proceeding]:
    """The stored proceedings of `court` whose number is `number` in the court's normal form
    (one of the numbers, for a field holding several)."""
    if court is None or court.pk is None or not number:
        return []
    wanted = number_keys([number], court)
    rows = (
        Proceeding.objects.filter(court=court)
        .filter(_number_prefilter(wanted))
        .select_related("case")
        .only(
            "pk", "number", "case", "court_id", "uid", "case__organisation_id", "case__publication"
        )
    )
    return [p for p in rows if wanted & number_keys([p.number], court)]


def _number_prefilter(keys: set[str]) -> Q:
    """A condition every stored number whose key is one of `keys` meets, so that the database
    narrows a court's proceedings before case_number_key compares them. A key's longest run of
    digits appears as it is in any stored number without a space (the key only drops spaces,
    leading zeros and a letter prefix, and reformats around the digits); numbers holding a
    space ("450 163", "RG 19/01234") are few and always compared."""
    condition = Q(number__contains=" ")
    for key in keys:
        runs = re.findall(r"\d+", key)
        if not runs:
            return Q()  # a number without digits: compare them all
        condition |= Q(number__contains=max(runs, key=len))
    return condition


def identity_contradiction(row: Ruling, keys: RulingKeys) -> list[str]:
    """Which of court, kind and date differ between a stored ruling and a record (empty when
    none): names only, the stored values are shown to whom may see them."""
    return [
        name
        for name, same in (
            ("court", keys.court is None or row.court_id == keys.court.pk),
            ("kind", row.kind == keys.kind),
            ("date", row.decided_on == keys.decided_on),
        )
        if not same
    ]


def describe_row(row) -> str:
    """What identifies a stored row, for whom may see it (the other side of a conflict)."""
    if isinstance(row, Ruling):
        numbers = ", ".join(n.number for n in row.numbers.all())
        parts = [row.kind, str(row.decided_on), row.court.slug, numbers, row.ecli or "", row.celex]
        return f"ruling {row.slug} (" + ", ".join(p for p in parts if p) + ")"
    if isinstance(row, Proceeding):
        return f"proceeding {row.court.slug} {row.number} of case {row.case.slug}"
    if isinstance(row, Case):
        return f"case {row.slug}"
    if isinstance(row, Court):
        return f"court {row.slug} ({row.country}, {row.ecli_code or '-'}, {row})"
    if isinstance(row, Party):
        return f"party {row.slug} ({row.kind})"
    return f"{row._meta.model_name} {row.uid}"
