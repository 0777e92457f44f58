"""The types that flow between stages: ingest -> clean -> dedup -> extract -> normalize -> write.

Each stage takes one of these and returns the next, so the data flows one way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .rules import GROUPS, VIOLENCE_TYPES


@dataclass(frozen=True)
class RawDocument:
    """One input article as read from disk, before any cleaning.

    `text` is plain text with one paragraph per line: for HTML inputs ingest has
    already dropped the site chrome (navigation, scripts, ads, footer).
    """

    article_id: str
    source_path: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # as given by metadata (HTML head or JSONL), unparsed
    source: str | None = None  # the outlet, when known


@dataclass(frozen=True)
class Reject:
    """An input (file or JSONL line) that produced no article, and why."""

    source_path: str
    reason: str
    article_id: str | None = None
    line: int | None = None  # 1-based JSONL line number


@dataclass
class Article:
    """A cleaned article: the unit that dedup, extract and write see."""

    article_id: str
    source_path: str
    text: str  # cleaned text, one paragraph per line; evidence offsets point into it
    text_hash: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True)
class SlotSpan:
    """Where one slot of a record was read: the reader's scope (rules/scopes.csv) and the span of
    the cleaned text that named the value, so a reviewer can check every value, not only the number."""

    slot: str  # agency / region / period / group / violence_type
    scope: str  # clause, list, article, context, none ...
    start: int | None = None  # character offsets into Article.text; None when no text named it
    end: int | None = None
    text: str | None = None  # Article.text[start:end]


@dataclass
class Record:
    """One aggregate count, normalized as shared/spec/RECORDS.md defines it."""

    article_id: str
    agency: str | None
    region_code: str | None
    region: str | None
    period_start: str | None  # YYYY-MM
    period_end: str | None
    group: str  # all / anak / perempuan
    violence_type: str  # all / seksual / kdrt / ...
    cases: int | None
    victims: int | None
    approximate: bool
    evidence: str
    evidence_start: int  # character offsets into Article.text
    evidence_end: int
    checks: str | None = None  # "; "-separated notes of a consistency check; None when all agree
    basis: str = "stated"  # "inferred" when a key slot was taken from outside the count's sentence
    record_id: str = ""  # f"{article_id}#{n}", n the record's place in its article (normalize sets it)
    spans: list[SlotSpan] = field(default_factory=list)  # one per slot the reader filled

    def key(self) -> tuple:
        return (self.article_id, self.region_code, self.period_start, self.period_end,
                self.group, self.violence_type)


@dataclass(frozen=True)
class Column:
    """One column of an output table: the one description that the Parquet schema, the CSV's
    datapackage.json and docs/data-dictionary.md are all made from."""

    name: str
    type: str  # a Table Schema type: string, integer, boolean, date
    description: str
    required: bool = False  # never null
    enum: tuple[str, ...] | None = None
    pattern: str | None = None  # a regular expression every non-null value matches


@dataclass(frozen=True)
class Table:
    """One output table: OUT/<name>.<format> for each of its formats."""

    name: str
    description: str
    columns: tuple[Column, ...]
    formats: tuple[str, ...] = ("csv", "parquet")
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, its column)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _ordered(values: set[str]) -> tuple[str, ...]:
    return ("all", *sorted(values - {"all"}))


_REGION_CODE = r"^[0-9]{2}(\.[0-9]{2})?$"
_MONTH = r"^[0-9]{4}-[0-9]{2}$"
_ARTICLE_ID = Column("article_id", "string", "The input file's name without extension, or the `id` of "
                     "a JSONL line; unique in `articles`.", required=True)

RECORDS = Table("records", "One aggregate count of violence against women and/or children that an article "
                "states, for one region, period, victim group and violence type.", (
    Column("record_id", "string", "`<article_id>#<n>`, n = 1, 2, ... the record's place in its article: the "
           "same on every rerun and engine.", required=True),
    Column("article_id", "string", "The article the count was read from (`articles.article_id`).", required=True),
    Column("agency", "string", "Short name of the body whose data the count is (DP3A, UPTD PPA, Polres, "
           "KPAI, ...); null when the article names none."),
    Column("region_code", "string", "Kepmendagri code of the counted region: `36` a province, `36.73` a "
           "kabupaten/kota, `00` all of Indonesia; null when the text leaves it open.", pattern=_REGION_CODE),
    Column("region", "string", "The region's official name (`Kota Serang`); null with `region_code`."),
    Column("period_start", "string", "First month the count covers, `YYYY-MM`. A count whose period the "
           "text does not give (or gives only relative to a missing publication date) is not written: "
           "the period is part of the key.", required=True, pattern=_MONTH),
    Column("period_end", "string", "Last month the count covers, `YYYY-MM` (a year alone ends in December, "
           "the current year at the month of publication).", required=True, pattern=_MONTH),
    Column("group", "string", "Whose victimization is counted: `anak` children only, `perempuan` women "
           "only, `all` both or not split.", required=True, enum=_ordered(GROUPS)),
    Column("violence_type", "string", "`all` unless the count is for one type only (seksual, kdrt, "
           "fisik, psikis, penelantaran, tppo, perundungan, eksploitasi).", required=True,
           enum=_ordered(VIOLENCE_TYPES)),
    Column("cases", "integer", "Number of cases (kasus, laporan, pengaduan); null when only victims "
           "are stated."),
    Column("victims", "integer", "Number of victims (korban); null when only cases are stated."),
    Column("approximate", "boolean", "The text hedges the number (sekitar, lebih dari, hampir); the "
           "number is recorded as written.", required=True),
    Column("evidence", "string", "The sentence(s) the values were read from, exactly "
           "`texts.text[evidence_start:evidence_end]` (in the CSV, a cell a spreadsheet would run as a "
           "formula has one `'` in front).", required=True),
    Column("evidence_start", "integer", "Offset of the evidence's first character in the article's "
           "cleaned text (`texts.text`), counted in Unicode characters from 0.", required=True),
    Column("evidence_end", "integer", "Offset just after the evidence's last character.", required=True),
    Column("checks", "string", "Where a total and its split disagree (`cases: anak + perempuan = 45, total "
           "40`), notes separated by `; `; null when nothing disagrees. Flagged, never corrected."),
    Column("basis", "string", "`stated`: every key slot was read in the count's own sentence; "
           "`inferred`: some slot came from elsewhere in the article (see `spans`).", required=True,
           enum=("stated", "inferred")),
), primary_key=("record_id",), foreign_keys=(("article_id", "articles", "article_id"),))

ARTICLES = Table("articles", "One row per input article, including republished copies.", (
    _ARTICLE_ID,
    Column("title", "string", "The headline: from the page's head, the JSONL `title`, or null."),
    Column("published", "date", "Publication date `YYYY-MM-DD`: HTML metadata first, else a date in the URL, "
           "else a dateline; null when none is certain."),
    Column("source", "string", "The outlet, when the input names it."),
    Column("url", "string", "The article's canonical URL, when known."),
    Column("duplicate_of", "string", "The `article_id` of the earlier article this one republishes (its "
           "records are then left out); null for an original."),
    Column("text_hash", "string", "SHA-256 of the cleaned text: equal hashes, equal texts.", required=True),
), primary_key=("article_id",))

REJECTS = Table("rejects", "One row per input (file, folder or JSONL line) that gave no article, and why.", (
    Column("source_path", "string", "The input's path as given (bytes that are not UTF-8 as escapes).",
           required=True),
    Column("line", "integer", "1-based line of a JSONL input; null for a whole file."),
    Column("article_id", "string", "The id the article would have had, when known."),
    Column("reason", "string", "Why the input gave no article, in plain words.", required=True),
))

TEXTS = Table("texts", "The cleaned text of every article: what evidence and span offsets point into.", (
    Column("article_id", "string", "The article (`articles.article_id`).", required=True),
    Column("text", "string", "The cleaned text, one paragraph per line.", required=True),
), formats=("parquet",), primary_key=("article_id",), foreign_keys=(("article_id", "articles", "article_id"),))

SPANS = Table("spans", "Where each slot of each record was read: one row per record and slot.", (
    Column("record_id", "string", "The record (`records.record_id`).", required=True),
    Column("slot", "string", "The record's value this row explains: `agency`, `region` (region_code and "
           "region), `period` (period_start and period_end), `group`, `violence_type`, and `cases` / `victims` "
           "(the figure itself, where the record has it).", required=True),
    Column("scope", "string", "Where the reader found the value (rules/scopes.csv): `clause` the count's "
           "own clause, `list` an earlier count of its list, `article` the article's main region or agency, "
           "`context` a period set by earlier sentences, `none` no scope named one (the value is null or "
           "`all`), ...", required=True),
    Column("start", "integer", "Offset of the span that named the value in `texts.text`; null when no "
           "span of text did (an inherited or default value)."),
    Column("end", "integer", "Offset just after that span; null with `start`."),
    Column("text", "string", "`texts.text[start:end]`; null with `start`."),
), foreign_keys=(("record_id", "records", "record_id"),))

OUTPUT_TABLES = (RECORDS, ARTICLES, REJECTS, TEXTS, SPANS)
RECORD_COLUMNS = RECORDS.column_names
ARTICLE_COLUMNS = ARTICLES.column_names
REJECT_COLUMNS = REJECTS.column_names


class Sink(Protocol):
    """Where a batch puts its rows as it decides them: memory (BatchResult) or files (write.py)."""

    def add_article(self, article: Article) -> None: ...
    def add_records(self, records: list[Record]) -> None: ...
    def add_reject(self, reject: Reject) -> None: ...


@dataclass
class BatchResult:
    """Everything one run produces, held in memory: for tests, evaluation and notebooks."""

    articles: list[Article] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    reused: int = 0  # articles taken from an earlier run's state store, not processed again

    def add_article(self, article: Article) -> None:
        self.articles.append(article)

    def add_records(self, records: list[Record]) -> None:
        self.records.extend(records)

    def add_reject(self, reject: Reject) -> None:
        self.rejects.append(reject)
