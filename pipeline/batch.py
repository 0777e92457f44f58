"""One batch run: every stage in order, each input ending as an article or a reject.

    ingest -> clean -> dedup -> extract -> normalize -> write

A failure inside one article (a bug, an input nobody foresaw) becomes a reject with its
reason; it never stops the batch.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from tqdm import tqdm

from .clean import clean
from .dedup import Deduplicator
from .extract import build_nlp
from .ingest import MAX_ARTICLE_BYTES, iter_inputs
from .models import Article, BatchResult, RawDocument, Reject
from .normalize import normalize
from .rules import RULES_DIR, default_rules, load_rules
from .write import write_outputs


@dataclass
class RunSummary:
    articles: int
    duplicates: int
    records: int
    rejects: int
    seconds: float

    def line(self) -> str:
        return (f"{self.articles} articles, {self.duplicates} duplicates, {self.records} records, "
                f"{self.rejects} rejects in {self.seconds:.1f} s")


def process(inputs: Sequence[str | Path], rules_dir: Path = RULES_DIR, progress: bool = False,
            max_article_bytes: int = MAX_ARTICLE_BYTES, nlp: Language | None = None) -> BatchResult:
    """Run every stage but write over the given inputs; returns the tables as objects.

    `nlp`: a pipeline already built from the same rules_dir, to skip building it again.
    """
    nlp = nlp or build_nlp(rules_dir)
    rules = default_rules() if Path(rules_dir) == RULES_DIR else load_rules(rules_dir)
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
            article = clean(item)
            article.duplicate_of = dedup.find_duplicate(article)
            records = [] if article.duplicate_of else _extract(nlp, article, rules)
        except Exception as error:  # noqa: BLE001 — one bad article must not stop the batch
            result.rejects.append(Reject(item.source_path, f"failed: {type(error).__name__}: {error}",
                                         item.article_id))
            continue
        seen_ids.add(item.article_id)
        result.articles.append(article)
        result.records.extend(records)
    return result


def _extract(nlp, article: Article, rules):
    doc = nlp(article.text)
    return normalize(article, doc._.candidates, rules)


def run(inputs: Sequence[str | Path], out_dir: Path, rules_dir: Path = RULES_DIR,
        progress: bool = True, max_article_bytes: int = MAX_ARTICLE_BYTES) -> RunSummary:
    started = time.perf_counter()
    result = process(inputs, rules_dir, progress, max_article_bytes)
    write_outputs(result, out_dir)
    return RunSummary(
        articles=len(result.articles),
        duplicates=sum(1 for a in result.articles if a.duplicate_of),
        records=len(result.records),
        rejects=len(result.rejects),
        seconds=time.perf_counter() - started,
    )
