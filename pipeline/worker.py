"""The per-article half of a batch: read, clean, sign, extract and normalize one unit of input.

Nothing here needs any other article, so an ArticleWorker can run anywhere: in the batch's
own process, in a pool of processes or on a Dask worker (engines.py). What needs the whole
corpus (which article copies which, unique ids) is decided afterwards, in input order, by the
batch (batch.py). A worker therefore extracts records also for the copies whose records the
batch then drops: it cannot know which copy comes first.

Only `WorkerSettings` (paths and numbers) and InputUnits cross to a worker; each worker builds
its own spaCy pipeline once, the first time an article needs it.
"""
from __future__ import annotations

import threading
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .clean import clean
from .dedup import Signature, signature_of
from .ingest import InputUnit, JsonlLine, file_stamp, read_unit, read_whole_file
from .models import Article, RawDocument, Record, Reject
from .normalize import normalize
from .rules import RuleError, rules_at
from .state import StateStore, content_key

if TYPE_CHECKING:
    from spacy.language import Language

ARTICLES_PER_MEMORY_ZONE = 500


@dataclass(frozen=True)
class WorkerSettings:
    """Everything a worker needs to build its pipeline: small and picklable."""

    rules_dir: str
    rules_fingerprint: str  # what the batch loaded; a worker seeing other rules refuses to work
    max_article_bytes: int
    state_path: str | None = None  # a state store of earlier runs to take finished articles from


@dataclass
class Prepared:
    """One article with everything the batch needs to decide on it and write it."""

    article: Article
    records: list[Record]
    signature: Signature  # of article.text
    state_key: str  # the input's key (a file's, a JSONL line's, else content_key), when the batch keeps a state
    reused: bool  # taken from the state store, not processed again
    stamp: str | None = None  # a whole file's stamp the state does not hold yet (ingest.file_stamp)


Outcome = Prepared | Reject


class ArticleWorker:
    def __init__(self, settings: WorkerSettings, nlp: Language | None = None) -> None:
        """`nlp`: a pipeline already built from the same rules, to skip building it again."""
        self.settings = settings
        self.rules = rules_at(settings.rules_dir)
        if self.rules.fingerprint != settings.rules_fingerprint:
            # A cluster worker with another checkout of rules/ would silently extract other numbers.
            raise RuleError(f"the rules in {settings.rules_dir} on this worker differ from the batch's")
        self.nlp = nlp
        self._zone, self._zone_articles = ExitStack(), 0
        # Inputs are keyed whenever the batch keeps a state, even where this worker cannot read it:
        # the key names the input in the state's dedup index too.
        self.keyed = settings.state_path is not None
        self.state = (StateStore.read_only(Path(settings.state_path))
                      if settings.state_path and Path(settings.state_path).exists() else None)

    def close(self) -> None:
        """Leave the open memory zone, so a pipeline passed in is as it was before, and close the
        read-only state connection (an open reader keeps SQLite from checkpointing its WAL)."""
        self._zone.close()
        self._zone_articles = 0
        if self.state is not None:
            self.state.close()
            self.state = None

    def process_unit(self, unit: InputUnit | Reject) -> list[Outcome]:
        """The outcome of every input in the unit, in order; a failure becomes a Reject, never an exception."""
        if isinstance(unit, Reject):
            return [unit]
        outcomes: list[Outcome] = []
        # A whole file is known by its stamp, else by its bytes: a rerun finds an unchanged file
        # in the state without reading it, a touched one without parsing it. The stamp is taken
        # before the bytes are read, so a write while reading changes it.
        stamp = file_stamp(unit, self.settings.max_article_bytes) if self.state else None
        key = self.state.file_key(unit.source_path, stamp) if stamp else None
        if key is not None and (reused := self._reused(key)) is not None:
            return [reused]
        whole = read_whole_file(unit, self.settings.max_article_bytes) if self.keyed else None
        key, data = whole if whole is not None else (None, None)
        if key is not None and (reused := self._reused(key, stamp)) is not None:
            return [reused]
        try:
            for item in read_unit(unit, self.settings.max_article_bytes, data, unparsed_lines=self.keyed):
                if isinstance(item, JsonlLine):  # known by its bytes, or parsed now
                    key = item.key
                    if (reused := self._reused(key)) is not None:
                        outcomes.append(reused)
                        continue
                    item = item.read()
                outcomes.append(item if isinstance(item, Reject) else self.prepare(item, key, stamp))
        except Exception as error:  # noqa: BLE001 — a reader bug loses the rest of one unit, not the batch
            outcomes.append(Reject(unit.source_path, f"failed while reading: {type(error).__name__}: {error}"))
        return outcomes

    def prepare(self, document: RawDocument, key: str | None = None, stamp: str | None = None) -> Outcome:
        """`key`: the input's key when it has one already (a whole file's, a JSONL line's); `stamp`:
        the whole file's stamp, when the document is one."""
        try:
            key = key or (content_key(document) if self.keyed else "")
            if (reused := self._reused(key, stamp)) is not None:
                return reused
            article = clean(document)
            return Prepared(article, self._records(article), signature_of(article.text), key, reused=False,
                            stamp=stamp)
        except Exception as error:  # noqa: BLE001 — one bad article must not stop the batch
            return Reject(document.source_path, f"failed: {type(error).__name__}: {error}", document.article_id)

    def _reused(self, key: str, stamp: str | None = None) -> Prepared | None:
        """What the state holds for this input, finished; `stamp`: a new stamp of its file to remember."""
        remembered = self.state.recall(key) if self.state else None
        if remembered is None or remembered.records is None:
            return None
        return Prepared(remembered.article, remembered.records, remembered.signature, key, reused=True, stamp=stamp)

    def _records(self, article: Article) -> list[Record]:
        # Imported here, not above: spaCy takes a second or two to load, and a rerun that finds
        # every input in the state, or a batch without a topic word, needs none of it.
        from .extract import build_nlp, may_hold_counts

        if not may_hold_counts(article.text, self.rules):
            return []
        if self.nlp is None:
            self.nlp = build_nlp(self.settings.rules_dir)
        # No character count exceeds the byte count ingest allowed.
        self.nlp.max_length = max(self.nlp.max_length, self.settings.max_article_bytes)
        self._enter_memory_zone()
        return normalize(article, self.nlp(article.text)._.candidates, self.rules)

    def _enter_memory_zone(self) -> None:
        """Strings (names, numbers, rare words) of the last ARTICLES_PER_MEMORY_ZONE articles
        leave the vocabulary together: a long batch would otherwise grow the StringStore without
        bound, and one zone per article would throw away the tokenizer's cache of common words
        after every article."""
        if self._zone_articles == 0 or self._zone_articles >= ARTICLES_PER_MEMORY_ZONE:
            self._zone.close()
            self._zone.enter_context(self.nlp.memory_zone())
            self._zone_articles = 0
        self._zone_articles += 1


_this_thread = threading.local()


def process_unit(settings: WorkerSettings, unit: InputUnit | Reject) -> list[Outcome]:
    """The task a pool or cluster runs: one ArticleWorker per worker thread, built on its first unit."""
    worker = getattr(_this_thread, "worker", None)
    if worker is None or worker.settings != settings:
        worker = _this_thread.worker = ArticleWorker(settings)
    return worker.process_unit(unit)
