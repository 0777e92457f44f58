"""One batch run: every stage in order, each input ending as an article or a reject.

    ingest -> clean -> dedup -> extract -> normalize -> write

A failure inside one article (a bug, an input nobody foresaw) becomes a reject with its
reason; it never stops the batch.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from tqdm import tqdm

from .clean import clean
from .dedup import Deduplicator
from .extract import build_nlp, may_hold_counts
from .ingest import MAX_ARTICLE_BYTES, iter_inputs
from .models import Article, BatchResult, RawDocument, Record, Reject
from .normalize import normalize
from .rules import RULES_DIR, RuleSet, default_rules, load_rules
from .state import STATE_FILE, StateStore, content_key, pipeline_fingerprint
from .write import OutputError, write_outputs


@dataclass
class RunSummary:
    articles: int
    duplicates: int
    records: int
    rejects: int
    seconds: float
    reused: int = 0  # articles taken unchanged from an earlier run

    def line(self) -> str:
        return (f"{self.articles} articles ({self.reused} unchanged since the last run), "
                f"{self.duplicates} duplicates, {self.records} records, "
                f"{self.rejects} rejects in {self.seconds:.1f} s")


def process(inputs: Sequence[str | Path], rules_dir: Path = RULES_DIR, progress: bool = False,
            max_article_bytes: int = MAX_ARTICLE_BYTES, nlp: Language | None = None,
            state: StateStore | None = None) -> BatchResult:
    """Run every stage but write over the given inputs; returns the tables as objects.

    `nlp`: a pipeline already built from the same rules_dir, to skip building it again.
    `state`: memory of earlier runs; inputs it remembers are not cleaned or extracted again,
    but duplicates are always decided afresh, in input order, so the result equals a full run.
    """
    rules = default_rules() if Path(rules_dir) == RULES_DIR else load_rules(rules_dir)
    extractor = _Extractor(rules_dir, rules, nlp, max_article_bytes)
    dedup = Deduplicator()
    result = BatchResult()
    items: Iterable[RawDocument | Reject] = iter_inputs(inputs, max_article_bytes)
    if progress:
        items = tqdm(items, desc="articles", unit=" art", mininterval=1.0, leave=False)
    seen_ids: set[str] = set()
    for item in items:
        if isinstance(item, Reject):
            result.rejects.append(item)
            continue
        if item.article_id in seen_ids:
            result.rejects.append(Reject(item.source_path, f"duplicate article_id {item.article_id!r}",
                                         item.article_id))
            continue
        try:
            article, records = _article_and_records(item, dedup, extractor, state, result)
        except Exception as error:  # noqa: BLE001 — one bad article must not stop the batch
            result.rejects.append(Reject(item.source_path, f"failed: {type(error).__name__}: {error}",
                                         item.article_id))
            continue
        seen_ids.add(item.article_id)
        result.articles.append(article)
        result.records.extend(records)
    return result


def _article_and_records(item: RawDocument, dedup: Deduplicator, extractor: _Extractor,
                         state: StateStore | None, result: BatchResult) -> tuple[Article, list[Record]]:
    key = content_key(item) if state else ""
    remembered = state.recall(key) if state else None
    if remembered is not None:
        result.reused += 1
        article, records, signature = remembered.article, remembered.records, remembered.signature
    else:
        article = clean(item)
        records, signature = None, dedup.signature(article)
    article.duplicate_of = dedup.find_duplicate(article, signature)
    if article.duplicate_of:
        records_out = []
    else:
        records_out = records if records is not None else extractor(article)
    if state and (remembered is None or records is None and not article.duplicate_of):
        state.remember(key, article, records if article.duplicate_of else records_out, signature)
    return article, records_out


class _Extractor:
    """Extract + normalize, with the spaCy pipeline built only once an article needs it."""

    def __init__(self, rules_dir: Path, rules: RuleSet, nlp: Language | None, max_article_bytes: int) -> None:
        self.rules_dir, self.rules, self.nlp = rules_dir, rules, nlp
        self.max_length = max_article_bytes  # no character count exceeds the byte count ingest allowed

    def __call__(self, article: Article) -> list[Record]:
        if not may_hold_counts(article.text, self.rules):
            return []
        if self.nlp is None:
            self.nlp = build_nlp(self.rules_dir)
        self.nlp.max_length = max(self.nlp.max_length, self.max_length)
        return normalize(article, self.nlp(article.text)._.candidates, self.rules)


def run(inputs: Sequence[str | Path], out_dir: Path, rules_dir: Path = RULES_DIR,
        progress: bool = True, max_article_bytes: int = MAX_ARTICLE_BYTES, full: bool = False) -> RunSummary:
    """Process and write. Inputs unchanged since an earlier run into the same out_dir are taken
    from its state store; `full` forgets that store and processes everything again."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    fingerprint = pipeline_fingerprint((default_rules() if Path(rules_dir) == RULES_DIR
                                        else load_rules(rules_dir)).fingerprint)
    try:
        store = StateStore(out_dir / STATE_FILE, fingerprint, full=full)
    except (OSError, sqlite3.Error) as error:
        raise OutputError(f"cannot open the state store in {out_dir}: {error}") from error
    with store:
        result = process(inputs, rules_dir, progress, max_article_bytes, state=store)
    write_outputs(result, out_dir)
    return RunSummary(
        articles=len(result.articles),
        duplicates=sum(1 for a in result.articles if a.duplicate_of),
        records=len(result.records),
        rejects=len(result.rejects),
        seconds=time.perf_counter() - started,
        reused=result.reused,
    )
