"""Cases and parties named by what a reader types: a slug, a name, or part of a name, whatever
the accents and the case ("Doctolib", "interhop", "quadrature").

One rule for the list filters (timeline, hearings, case list) and the suggestions their inputs
offer (docs/finding.md):
- the text is a slug, or the whole name folded (lower case, no accents): that record alone;
- otherwise every word of the text, folded, is in the folded name or the slug: the matches,
  by name, at most MAX_MATCHES (and whether there were more).

Only public cases match, and, by name, only parties that are not natural persons
(`Party.objects.listed_by_name()`): a natural person is never suggested nor found by a piece
of a name. A natural person the court itself names keeps its public page and is found by the
slug that page links with.

Folding is `lower(ct_unaccent(…))` on PostgreSQL (`ct_unaccent` is unaccent declared IMMUTABLE,
as an index expression must be) and the same Python `fold()` as the search on SQLite
(`ct_fold`, registered on each SQLite connection by cases.apps). On PostgreSQL the queries are
written on exactly what migration 0021 indexes: the whole folded names (B-tree) and the slug
and folded names joined, stored in `names_folded` (trigrams, for LIKE '%word%').
"""

import re
from dataclasses import dataclass, field

from django.db import models
from django.db.models import CharField, F, Func, Q, QuerySet
from django.db.models.functions import Lower

from cases.models import Case, Party
from common.text import fold

MAX_MATCHES = 10
MAX_TEXT_LENGTH = 200
MIN_TEXT_LENGTH = 2
_WORD_RE = re.compile(r"\w+", re.UNICODE)


class Fold(Func):
    """An expression's text folded as common.text.fold folds it.

    On PostgreSQL, exactly the expression migration 0021 indexes: written otherwise (plain
    `unaccent`, another nesting), the planner no longer sees the indexes and reads every row."""

    output_field = CharField()

    def as_sql(self, compiler, conn, **extra):
        return super().as_sql(compiler, conn, function="ct_fold", **extra)

    def as_postgresql(self, compiler, conn, **extra):
        return Lower(Func(*self.source_expressions, function="ct_unaccent")).as_sql(compiler, conn)


class Haystack(Func):
    """Where the words typed are looked for: the slug and the folded names, joined by spaces.
    A word holds no space, so it is in the whole exactly when it is in one of the parts.

    On PostgreSQL, the stored column of migration 0021 (`names_folded`, this very expression
    computed on each write, with a trigram index), of the query's own table whatever its
    alias; elsewhere the expression itself."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = CharField()

    def __init__(self, *names: str):
        super().__init__(F("slug"), *(Fold(name) for name in names))

    def as_postgresql(self, compiler, conn, **extra):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{conn.ops.quote_name('names_folded')}", []


def register_fold(sender, connection, **kwargs):
    """connection_created receiver: SQLite learns `ct_fold` (PostgreSQL has ct_unaccent)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("ct_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(text):
    return None if text is None else fold(text)


@dataclass(frozen=True)
class NameMatch:
    """What a typed name found: `records` (at most MAX_MATCHES), `more` when others matched."""

    text: str
    records: list = field(default_factory=list)
    more: bool = False

    @property
    def single(self):
        return self.records[0] if len(self.records) == 1 and not self.more else None

    def __str__(self) -> str:
        return self.text


def label(record) -> str:
    """What a matched case or party is called on the page (a case's title in the page's
    language, a party's name)."""
    return record.title if isinstance(record, Case) else record.name


def _match(queryset: QuerySet, text: str, name_fields: tuple[str, ...], order: tuple) -> NameMatch:
    text = " ".join(text.split())[:MAX_TEXT_LENGTH]
    folded = fold(text)
    words = _WORD_RE.findall(folded)
    if not words:
        return NameMatch(text)
    # The slug, or else the whole name (the first by `order` when several share it): that
    # record alone, in one query from the slug's and the folded names' indexes.
    named = queryset.alias(
        _haystack=Haystack(*name_fields),
        **{f"_folded_{name}": Fold(name) for name in name_fields},
    )
    exact = Q(slug=folded)
    for name in name_fields:
        exact |= Q(**{f"_folded_{name}": folded})
    slug_first = models.Case(
        models.When(slug=folded, then=0), default=1, output_field=models.IntegerField()
    )
    found = list(named.filter(exact).alias(_slug=slug_first).order_by("_slug", *order)[:1])
    if found:
        return NameMatch(text, found)
    # Then every word in the slug or a name: the matches by `order`. Nothing is computed per
    # match but the test itself, so that a word in thousands of names sorts them cheaply.
    condition = Q(*(Q(_haystack__contains=word) for word in words))
    found = list(named.filter(condition).order_by(*order)[: MAX_MATCHES + 1])
    return NameMatch(text, found[:MAX_MATCHES], more=len(found) > MAX_MATCHES)


def case_match(text: str) -> NameMatch:
    """Public cases named by `text` (title in either language, or slug)."""
    return _match(
        Case.objects.public().only("slug", "title_fr", "title_en"),
        text,
        ("title_fr", "title_en"),
        ("title_fr", "pk"),
    )


def party_match(text: str) -> NameMatch:
    """Parties named by `text`: by slug, any party with a public page; by name, the parties
    that may be listed by name."""
    text = " ".join(text.split())[:MAX_TEXT_LENGTH]
    slug = Party.objects.with_public_page().filter(slug=text.lower()).first()
    if slug is not None:
        return NameMatch(text, [slug])
    return party_suggestions(text)


def party_suggestions(text: str) -> NameMatch:
    """Parties suggested for `text`: never a natural person, whatever its page's slug."""
    return _match(Party.objects.listed_by_name(), text, ("name",), ("name", "pk"))
