"""One batch run: every stage in order, each input ending as an article or a reject.

    ingest -> clean -> dedup -> extract -> normalize -> write

Work that needs one article only (read, clean, MinHash signature, extract, normalize) is
done by workers (worker.py) wherever the engine runs them (engines.py). What needs the whole
corpus is decided here, in input order, as the workers' outcomes arrive: unique article ids,
and which article is a republished copy of an earlier one (its records are dropped). Rows go
straight to a Sink, so a run over a million articles holds the dedup index, not the corpus.

A failure inside one article (a bug, an input nobody foresaw) becomes a reject with its
reason; it never stops the batch. A run writing an output folder holds it exclusively, and
anything that stops the run itself (a full disk, an unwritable folder) leaves the previous
output as it was.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from .dedup import Deduplicator
from .engines import Unit, outcomes_by_unit
from .ingest import JSONL_SUFFIXES, MAX_ARTICLE_BYTES, InputUnit, plan_units, read_unit
from .models import BatchResult, Reject, Sink
from .rules import RULES_DIR, rules_at
from .state import STATE_FILE, DamagedState, StateError, StateStore, pipeline_fingerprint
from .worker import Outcome, Prepared, WorkerSettings
from .write import OutputError, OutputWriter, exclusive_use

if TYPE_CHECKING:
    from spacy.language import Language

STATE_COMMIT_SECONDS = 1.0
# Test hook, read only by pause_after_commits().
PAUSE_AFTER_COMMITS_VARIABLE = "KEKERASAN_PAUSE_AFTER_COMMITS"


def pause_after_commits() -> int | None:
    """Test hook: with KEKERASAN_PAUSE_AFTER_COMMITS=N set, a run commits its state store as soon
    as it has remembered N new inputs, says so on stderr and then waits until it is killed, so a
    test can kill it halfway for certain instead of racing a timer."""
    value = os.environ.get(PAUSE_AFTER_COMMITS_VARIABLE)
    return int(value) if value else None


@dataclass
class RunSummary:
    articles: int = 0
    duplicates: int = 0
    records: int = 0
    rejects: int = 0
    seconds: float = 0.0
    reused: int = 0  # articles taken unchanged from an earlier run

    def line(self) -> str:
        return (f"{self.articles} articles ({self.reused} unchanged since the last run), "
                f"{self.duplicates} duplicates, {self.records} records, "
                f"{self.rejects} rejects in {self.seconds:.1f} s")


@dataclass(frozen=True)
class EngineChoice:
    """Where the per-article work runs; every choice writes the same output."""

    engine: str = "local"  # "local" or "dask"
    workers: int = 1  # processes; on "local", 1 means this process
    scheduler: str | None = None  # a Dask scheduler address; None starts a LocalCluster


class CorpusDecisions:
    """Decides, in input order, what needs the whole corpus, and passes the rows to the sink."""

    def __init__(self, sink: Sink, state: StateStore | None = None,
                 max_article_bytes: int = MAX_ARTICLE_BYTES) -> None:
        self.sink, self.state = sink, state
        self.max_article_bytes = max_article_bytes
        self.summary = RunSummary()
        self._dedup = Deduplicator(store=state)  # with a state, its LSH index outlives the run
        self._last_commit = time.monotonic()
        self._remembered = 0
        self._pause_after = pause_after_commits()

    def add_unit(self, unit: Unit, outcomes: list[Outcome]) -> None:
        for position, outcome in enumerate(outcomes):
            self.add(outcome, unit, position)

    def add(self, outcome: Outcome, unit: Unit, position: int) -> None:
        """`position`: the outcome's place among its unit's outcomes, which locates its JSONL line."""
        if isinstance(outcome, Reject):
            self._reject(outcome)
            return
        article = outcome.article
        if self._dedup.has_seen(article.article_id):  # the dedup index remembers every id, compactly
            self._reject(Reject(article.source_path, f"duplicate article_id {article.article_id!r}",
                                article.article_id, _jsonl_line(unit, position, self.max_article_bytes)))
            return
        article.duplicate_of = self._dedup.find_duplicate(article, outcome.signature, outcome.state_key)
        self._remember(outcome)
        self.sink.add_article(article)
        self.summary.articles += 1
        self.summary.reused += outcome.reused
        if article.duplicate_of:
            self.summary.duplicates += 1
        else:
            self.sink.add_records(outcome.records)
            self.summary.records += len(outcome.records)

    def _reject(self, reject: Reject) -> None:
        self.sink.add_reject(reject)
        self.summary.rejects += 1

    def _remember(self, outcome: Prepared) -> None:
        if self.state is None:
            return
        if outcome.stamp is not None:  # next time, this file is known without reading it
            self.state.remember_file(outcome.article.source_path, outcome.stamp, outcome.state_key)
        if outcome.reused:
            return
        self.state.remember(outcome.state_key, outcome.article, outcome.records, outcome.signature)
        self._remembered += 1
        if self._remembered == self._pause_after:
            self.state.commit()
            print(f"paused after {self._remembered} committed inputs ({PAUSE_AFTER_COMMITS_VARIABLE})",
                  file=sys.stderr, flush=True)
            while True:
                time.sleep(60)
        if time.monotonic() - self._last_commit >= STATE_COMMIT_SECONDS:
            self.state.commit()
            self._last_commit = time.monotonic()


def _jsonl_line(unit: Unit, position: int, max_article_bytes: int) -> int | None:
    """The JSONL line of a unit's outcome at `position`; None for other kinds of input."""
    if not isinstance(unit, InputUnit) or Path(unit.path).suffix.lower() not in JSONL_SUFFIXES:
        return None
    lines = _lines_with_outcomes(unit, max_article_bytes)
    return lines[position] if position < len(lines) else None


@lru_cache(maxsize=1)
def _lines_with_outcomes(unit: InputUnit, max_article_bytes: int) -> tuple[int, ...]:
    """The number of each line of a JSONL unit that gives an outcome (blank lines give none).

    Each line is read again as a unit of its own by ingest itself, so this never disagrees
    with how the workers read it. Only a repeated id needs it, and the cache keeps the
    unit's answer for the other repeats in it."""
    with open(unit.path, "rb") as handle:
        handle.seek(unit.start)
        data = handle.read() if unit.end is None else handle.read(unit.end - unit.start)
    lines, start = [], unit.start
    for line_no, raw_line in enumerate(data.split(b"\n"), unit.first_line):  # JSONL lines end at "\n" only
        line_unit = InputUnit(unit.path, start, start + len(raw_line) + 1, line_no)
        if next(read_unit(line_unit, max_article_bytes), None) is not None:
            lines.append(line_no)
        start = line_unit.end
    return tuple(lines)


def decide(inputs: Sequence[str | Path], sink: Sink, rules_dir: Path = RULES_DIR, progress: bool = False,
           max_article_bytes: int = MAX_ARTICLE_BYTES, nlp: Language | None = None,
           state: StateStore | None = None, engine: EngineChoice = EngineChoice()) -> RunSummary:
    """Run every stage but write over the inputs, putting each row into `sink` as it is decided.

    `nlp`: a pipeline already built from the same rules_dir, for the local one-process engine.
    `state`: memory of earlier runs; inputs it remembers are not cleaned or extracted again,
    but duplicates are always decided afresh, in input order, so the result equals a full run.
    """
    settings = WorkerSettings(str(rules_dir), rules_at(rules_dir).fingerprint, max_article_bytes,
                              str(state.path) if state else None)
    decisions = CorpusDecisions(sink, state, max_article_bytes)
    units = outcomes_by_unit(plan_units(inputs), settings, engine.engine, engine.workers, engine.scheduler, nlp)
    # Counts articles (a JSONL unit holds up to 200), not units or rejects; closed, and cleared,
    # before the caller prints its summary line.
    with tqdm(desc="articles", unit=" art", mininterval=1.0, leave=False, disable=not progress) as bar:
        for unit, outcomes in units:
            decisions.add_unit(unit, outcomes)
            bar.update(decisions.summary.articles - bar.n)
    if state:
        state.commit()
    return decisions.summary


def process(inputs: Sequence[str | Path], rules_dir: Path = RULES_DIR, progress: bool = False,
            max_article_bytes: int = MAX_ARTICLE_BYTES, nlp: Language | None = None,
            state: StateStore | None = None, engine: EngineChoice = EngineChoice()) -> BatchResult:
    """`decide` into memory: the tables as objects, for tests, evaluation and notebooks."""
    result = BatchResult()
    result.reused = decide(inputs, result, rules_dir, progress, max_article_bytes, nlp, state, engine).reused
    return result


def run(inputs: Sequence[str | Path], out_dir: Path, rules_dir: Path = RULES_DIR, progress: bool = True,
        max_article_bytes: int = MAX_ARTICLE_BYTES, full: bool = False,
        engine: EngineChoice = EngineChoice()) -> RunSummary:
    """Process and write. Inputs unchanged since an earlier run into the same out_dir are taken
    from its state store; `full` forgets that store and processes everything again.

    Raises OutputError (the previous output intact) when out_dir is in use by another run,
    cannot be written (found before any work), or the disk fills up. A state store that turns
    out damaged is rebuilt from the inputs, with one line on stderr."""
    started, started_at = time.perf_counter(), datetime.now(timezone.utc)
    out_dir = Path(out_dir)
    rules_fingerprint = rules_at(rules_dir).fingerprint
    fingerprint = pipeline_fingerprint(rules_fingerprint)

    def write_run(full: bool) -> RunSummary:
        with OutputWriter(out_dir) as writer, StateStore(out_dir / STATE_FILE, fingerprint, full) as store:
            if store.rebuilt_because:
                _warn_rebuilding(store.rebuilt_because)
            summary = decide(inputs, writer, rules_dir, progress, max_article_bytes, state=store, engine=engine)
            writer.commit({
                "rules_fingerprint": rules_fingerprint, "inputs": [str(path) for path in inputs],
                "options": {"rules": str(rules_dir), "full": full, "max_article_bytes": max_article_bytes,
                            "engine": engine.engine, "workers": engine.workers, "scheduler": engine.scheduler},
                "started_at": started_at.isoformat(timespec="seconds"),
                "seconds": round(time.perf_counter() - started, 3),
                "counts": {"reused": summary.reused, "processed": summary.articles - summary.reused}})
        return summary

    with exclusive_use(out_dir):
        try:
            try:
                summary = write_run(full)
            except DamagedState as damage:  # damage quick_check did not see, met while writing the store
                _warn_rebuilding(str(damage))
                summary = write_run(full=True)
        except StateError as error:
            raise OutputError(f"cannot use the state store: {error}") from error
    summary.seconds = time.perf_counter() - started
    return summary


def _warn_rebuilding(reason: str) -> None:
    print(f"warning: {reason}; rebuilding the state store from the inputs", file=sys.stderr)
