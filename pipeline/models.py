"""The types that flow between stages: ingest -> clean -> dedup -> extract -> normalize -> write.

Each stage takes one of these and returns the next, so the data flows one way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


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
    checks: str = ""
    basis: str = "stated"  # "inferred" when a key slot was taken from outside the count's sentence

    def key(self) -> tuple:
        return (self.article_id, self.region_code, self.period_start, self.period_end,
                self.group, self.violence_type)


ARTICLE_COLUMNS = ["article_id", "title", "published", "source", "url", "duplicate_of", "text_hash"]
RECORD_COLUMNS = [
    "article_id", "agency", "region_code", "region", "period_start", "period_end", "group",
    "violence_type", "cases", "victims", "approximate", "evidence", "evidence_start",
    "evidence_end", "checks", "basis",
]
REJECT_COLUMNS = ["source_path", "line", "article_id", "reason"]


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
