"""Text search over public cases, rulings and parties.

On PostgreSQL: full-text search with the `casetracker_fr` and `casetracker_en` configurations
(French and English stemming after `unaccent`, created by migration 0002), ranked, with
highlighted snippets. Each bilingual field is searched in its own language, so a French query
finds the French summary and an English one the English summary. Matching uses the GIN
expression indexes of migration 0006; ranking (of a bounded pool, `ranked`) reads the cases'
and rulings' vectors from the generated columns of migration 0020, which hold the same
expressions (changing the searched fields means changing both migrations' expressions).

On SQLite: every word of the query must appear (whatever the case and the accents) in one of the
same fields;
this finds the same records as PostgreSQL for plain-word queries, without stemming or ranking.

A citation (ECLI, case number, "CE, réf., 12 mars 2021, n° 450163") is recognised first by
cases.citation_forms, so that the search page can go straight to the ruling.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Expression, F, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cases import stopwords
from cases.matching import Fold
from common.text import fold

MAX_QUERY_LENGTH = 200
CONFIGS = {"fr": "casetracker_fr", "en": "casetracker_en"}
CASE_FIELDS = ("title", "summary")
RULING_FIELDS = ("title", "summary", "outcome_text")
# Markers PostgreSQL puts around matches; replaced by <mark> after the text is escaped.
_START, _STOP = "\x02", "\x03"
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _bilingual(fields) -> list[str]:
    return [f"{name}_{lang}" for name in fields for lang in ("fr", "en")]


def _plain_filter(qs: QuerySet, text: str, fields: list[str]) -> QuerySet:
    """Every word of `text`, folded (case and accents), in one of `fields` folded alike:
    "hebergement" finds "hébergement", as PostgreSQL's unaccented search does."""
    qs = qs.alias(**{f"_folded_{name}": Fold(name) for name in fields})
    for word in words(text):
        condition = Q()
        for name in fields:
            condition |= Q(**{f"_folded_{name}__contains": fold(word)})
        qs = qs.filter(condition)
    return qs


def _clean(text: str) -> str:
    return " ".join(words(text))


def _vectors(text: str, fields, extra: tuple[str, ...]):
    """Per language: (alias, its vector expression, the query), as _fulltext uses them."""
    for language, config in CONFIGS.items():
        vector = SearchVector(*[f"{name}_{language}" for name in fields], *extra, config=config)
        query = SearchQuery(_clean(text), config=config, search_type="plain")
        yield f"_vector_{language}", vector, query


def _with_rank(qs: QuerySet, text: str, fields, extra) -> tuple[QuerySet, Q]:
    """`qs` with `rank` annotated (the vectors as aliases, not selected: each would be one
    more to_tsvector per row returned), and the condition matching `text` in either language."""
    condition, rank = Q(), Value(0.0)
    aliases = {}
    for alias, vector, query in _vectors(text, fields, extra):
        aliases[alias] = vector
        condition |= Q(**{alias: query})
        rank = rank + SearchRank(F(alias), query)
    return qs.alias(**aliases).annotate(rank=rank), condition


class StoredVector(Expression):
    """A stored vector column of migration 0020, of the query's own table (whatever alias the
    table has in the query)."""

    output_field = SearchVectorField()

    def __init__(self, column: str):
        super().__init__()
        self.column = column

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.column)}", []


# Per table: the (fields, extra) whose vectors migration 0020 stores, per language.
STORED_VECTORS = {
    "cases_case": (CASE_FIELDS, ()),
    "cases_ruling": (RULING_FIELDS, ("short_name",)),
}


def _stored(qs: QuerySet, fields, extra) -> bool:
    return STORED_VECTORS.get(qs.model._meta.db_table) == (tuple(fields), tuple(extra))


def _stored_rank(qs: QuerySet, text: str) -> QuerySet:
    """`qs` with `rank` read from the stored vectors: the same value as _with_rank's."""
    rank = Value(0.0)
    for language, config in CONFIGS.items():
        query = SearchQuery(_clean(text), config=config, search_type="plain")
        rank = rank + SearchRank(StoredVector(f"search_vector_{language}"), query)
    return qs.annotate(rank=rank)


def _fulltext(qs: QuerySet, text: str, fields, extra: tuple[str, ...] = ()) -> QuerySet:
    """Annotate `rank` and keep the rows matching `text` in French or in English.

    Each vector expression has a GIN index (migration 0005_search_vector_gin_indexes, on
    exactly this SQL): changing the fields searched means a migration changing the index, or
    the search falls back to computing every row's vector (tests/cases/
    test_search_index_postgres.py fails)."""
    qs, condition = _with_rank(qs, text, fields, extra)
    return qs.filter(condition)


def filter_text(qs: QuerySet, text: str, *, fields=CASE_FIELDS, extra=()) -> QuerySet:
    """`qs` narrowed to the rows matching `text` (used by the list pages' `?q=`)."""
    if not words(text):
        return qs
    if is_postgres():
        return _fulltext(qs, text, fields, extra)
    return _plain_filter(qs, text, _bilingual(fields) + list(extra))


# Ranking computes each match's vector from its text: over the 30,000 rulings that a common
# pair of words matches among 300,000, that alone took seconds, and so did picking the most
# recent matches first (a walk of the date index testing every row). Only the first
# RANK_POOL matches that the GIN index returns (in table order) are ranked.
RANK_POOL = 200


def ranked(qs: QuerySet, text: str, *, order: tuple[str, ...], fields=CASE_FIELDS, extra=()):
    """Rows matching `text`, best first (ties in `order`) among the first RANK_POOL matches
    the index returns; on SQLite, without ranking, all matches in `order`."""
    matches = filter_text(qs, text, fields=fields, extra=extra)
    if not is_postgres() or not words(text):
        return matches.order_by(*order)
    pool = matches.order_by().values("pk")[:RANK_POOL]
    # The pool's rows all match: testing the match again on each (two to_tsvector per row,
    # as many again as the ranking's) doubled the cost of this query (bench/README.md,
    # "Search and case list at scale").
    # Cases and rulings rank from their stored vectors (migration 0020): computing the
    # pool's vectors from the text was most of the query's time.
    if _stored(qs, fields, extra):
        ranked_qs = _stored_rank(qs.filter(pk__in=pool), text)
    else:
        ranked_qs, _condition = _with_rank(qs.filter(pk__in=pool), text, fields, extra)
    return ranked_qs.order_by("-rank", *order)


def with_snippet(qs: QuerySet, text: str, field: str, language: str) -> QuerySet:
    """Annotate `snippet_raw`: `field` in `language` with its matches marked (PostgreSQL)."""
    if not is_postgres() or not words(text):
        return qs
    config = CONFIGS[language]
    return qs.annotate(
        snippet_raw=SearchHeadline(
            f"{field}_{language}",
            SearchQuery(_clean(text), config=config, search_type="plain"),
            config=config,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=35,
            min_words=15,
        )
    )


def marked(source: str, text: str, language: str) -> SafeString:
    """All of `source` (a title, a name), HTML-escaped, with the words the search for `text`
    matched (matched_spans) wrapped in <mark>: a word found in a title is shown there too."""
    return _as_html(_with_markers(source, matched_spans(source, text, language)))


def _as_html(raw: str) -> SafeString:
    # Escaped first: only our own <mark> tags are added.
    return mark_safe(escape(raw).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _with_markers(source: str, spans, start: int = 0, end: int | None = None) -> str:
    """source[start:end] with the `spans` inside it between _START and _STOP."""
    end = len(source) if end is None else end
    out, i = [], start
    for first, last in spans:
        if first >= start and last <= end:
            out.append(source[i:first] + _START + source[first:last] + _STOP)
            i = last
    out.append(source[i:end])
    return "".join(out)


def snippet(obj, text: str, field: str, language: str) -> SafeString:
    """The highlighted snippet of `obj`: PostgreSQL's headline when annotated, otherwise the
    text around the first matching word with the words the search matched (matched_spans);
    HTML-escaped, matches wrapped in <mark>."""
    raw = getattr(obj, "snippet_raw", None)
    if raw is None:
        raw = _plain_snippet(obj.localized(field, language).text, text, language)
    return _as_html(raw)


def _plain_snippet(source: str, text: str, language: str, width: int = 220) -> str:
    """About `width` characters of `source` around its first match, the matches marked."""
    if not source:
        return ""
    spans = matched_spans(source, text, language)
    start = max(0, spans[0][0] - width // 3) if spans else 0
    if start:
        start = source.rfind(" ", 0, start) + 1  # at the start of a word
    end = start + width
    if end < len(source):
        end = max(source.rfind(" ", start, end), spans[0][1] if spans else 0) or end
    prefix = "…" if start else ""
    suffix = "…" if end < len(source) else ""
    return prefix + _with_markers(source, spans, start, end).strip() + suffix


# The plural and feminine endings the plain path ignores when it compares a word of the text
# with a word of the query, as the stemmers do ("données", "donnée" and "donné" match);
# PostgreSQL's Snowball stemmers go further ("transferred" and "transfers").
_PLURALS = {"fr": ("s", "x"), "en": ("s",)}
_MIN_STEM = 3


def _stem(folded: str, language: str) -> str:
    for ending in _PLURALS[language]:
        if folded.endswith(ending) and len(folded) > _MIN_STEM:
            folded = folded[:-1]
            break
    if language == "fr":
        while folded.endswith("e") and len(folded) > _MIN_STEM:
            folded = folded[:-1]
    return folded


def matched_spans(source: str, text: str, language: str) -> list[tuple[int, int]]:
    """Where the words of `text` are in `source`, as the full-text search matches them: whole
    words, whatever the case and the accents, the language's stop words left out ("de"
    matches nothing, nor does "héberge" inside "hébergement")."""
    stop = stopwords.BY_LANGUAGE[language]
    targets = {_stem(fold(word), language) for word in words(text)} - {""}
    targets = {target for target in targets if target not in stop}
    return [
        match.span()
        for match in _WORD_RE.finditer(source)
        if fold(match.group()) not in stop and _stem(fold(match.group()), language) in targets
    ]
