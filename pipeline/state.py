"""Memory of earlier runs, so a rerun over a grown corpus only processes what is new.

One SQLite file in the output folder holds, per input (keyed by a hash of its content and
metadata), the cleaned article, its records and its MinHash signature. Finished inputs are
committed every second, so a run killed halfway loses at most its last second of work. The
store remembers the fingerprint of the rules and of the pipeline's code: when either
changes, everything is processed again, since old extractions may no longer be right.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import __version__
from .dedup import Signature
from .models import Article, RawDocument, Record

PIPELINE_DIR = Path(__file__).resolve().parent
STATE_FILE = "state.sqlite"


def pipeline_fingerprint(rules_fingerprint: str) -> str:
    """Changes with the version, any rule file or any line of the pipeline's code."""
    digest = hashlib.sha256(f"{__version__}\n{rules_fingerprint}\n".encode())
    for source in sorted(PIPELINE_DIR.glob("*.py")):
        digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()


def content_key(document: RawDocument) -> str:
    """Identifies an input by everything that could change its output."""
    fields = [document.article_id, document.source_path, document.text, document.title,
              document.url, document.published, document.source]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass
class Remembered:
    article: Article
    records: list[Record] | None  # None: never extracted (it was a duplicate when first seen)
    signature: Signature


class StateStore:
    """The SQLite store; use as a context manager so the connection is always closed.

    One batch writes it; its workers, in other processes, may read it at the same time
    (`read_only`), which SQLite's write-ahead log allows.
    """

    def __init__(self, path: Path, fingerprint: str, full: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        stored = self._db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if full or stored is None or stored[0] != fingerprint:
            # Dropped, not emptied: another version of the code may have stored other columns.
            self._db.execute("DROP TABLE IF EXISTS inputs")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
        self._db.execute("CREATE TABLE IF NOT EXISTS inputs (key TEXT PRIMARY KEY, article TEXT, "
                         "records TEXT, signature BLOB)")
        self._db.commit()

    @classmethod
    def read_only(cls, path: Path) -> StateStore:
        store = cls.__new__(cls)
        store.path = path
        store._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        return store

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc) -> None:
        self._db.close()

    def recall(self, key: str) -> Remembered | None:
        row = self._db.execute("SELECT article, records, signature FROM inputs WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        article_json, records_json, signature = row
        records = None if records_json is None else [Record(**r) for r in json.loads(records_json)]
        return Remembered(Article(**json.loads(article_json)), records,
                          np.frombuffer(signature, dtype="<u4").astype(np.uint32))

    def remember(self, key: str, article: Article, records: list[Record] | None, signature: Signature) -> None:
        stored_article = asdict(article) | {"duplicate_of": None}  # decided afresh on every run
        records_json = None if records is None else json.dumps([asdict(r) for r in records], ensure_ascii=False)
        self._db.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?)",
                         (key, json.dumps(stored_article, ensure_ascii=False), records_json,
                          signature.astype("<u4").tobytes()))

    def commit(self) -> None:
        """Make what was remembered so far survive a crash (the batch calls it every second)."""
        self._db.commit()
